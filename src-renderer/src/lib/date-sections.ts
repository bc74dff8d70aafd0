/**
 * The grid's date headings from the per-day counts the services give (listPhotoDays): one heading
 * per capture day, or per month (consecutive days of one month merged). Photos without a date
 * come last under "No date". Dates are the camera's wall clock, so they are shown as written,
 * never shifted into the viewer's time zone.
 */
import type { PhotoDay } from '../../../src-common/contract-browse';
import type { GridSection } from '../state/grid-source';

export type DateGrouping = 'day' | 'month' | 'none';
export const DATE_GROUPINGS: readonly DateGrouping[] = ['day', 'month', 'none'];

export const UNDATED_LABEL = 'No date';

function utcDate(day: string): Date | null {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(day);
  if (!match) return null;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3] ?? '1')));
}

/** "Sun 14 July 2024" for a day, "July 2024" for a month ("2024-07"). */
export function dateLabel(key: string): string {
  const date = utcDate(key);
  if (!date) return key;
  const options: Intl.DateTimeFormatOptions =
    key.length > 7
      ? { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }
      : { month: 'long', year: 'numeric', timeZone: 'UTC' };
  return date.toLocaleDateString('en-GB', options);
}

export function dateSections(days: readonly PhotoDay[], grouping: DateGrouping): GridSection[] | null {
  // Nothing dated: one "No date" heading over everything would say nothing.
  if (grouping === 'none' || days.every((d) => d.day === null)) return null;
  const sections: GridSection[] = [];
  for (const { day, count } of days) {
    const key = day === null ? 'undated' : grouping === 'month' ? day.slice(0, 7) : day;
    const last = sections.at(-1);
    if (last && last.key === key) last.count += count;
    else sections.push({ key, label: day === null ? UNDATED_LABEL : dateLabel(key), count });
  }
  return sections;
}
