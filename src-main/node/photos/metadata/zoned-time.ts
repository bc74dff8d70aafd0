/** A wall-clock time as ISO text without zone, and its zone ("+01:00", "+00:00" for Z) when the source gave one. */
export interface ZonedTime {
  takenAt: string;
  offset: string | null;
}

/**
 * Reads "2024-07-14T18:30:05", "2024-07-14T18:30:05.120+01:00", "2024-07-14T18:30Z" or a bare
 * date, as XMP writes them; null for anything else or an impossible date.
 */
export function parseZonedTime(text: string): ZonedTime | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s, zone] = match;
  if (!isRealDate(Number(y), Number(mo), Number(d)) || y === '0000') return null;
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || Number(s ?? '0') > 59)) return null;
  const takenAt = h === undefined ? `${y}-${mo}-${d}` : `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}`;
  return { takenAt, offset: zone === undefined ? null : normaliseOffset(zone) };
}

function normaliseOffset(zone: string): string | null {
  if (zone === 'Z') return '+00:00';
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 14 || minutes > 59) return null;
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2)}`;
}

export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "+01:00" for a zone 60 minutes ahead of UTC. */
export function offsetFromMinutes(minutesAhead: number): string {
  const sign = minutesAhead < 0 ? '-' : '+';
  const magnitude = Math.abs(minutesAhead);
  return `${sign}${String(Math.floor(magnitude / 60)).padStart(2, '0')}:${String(magnitude % 60).padStart(2, '0')}`;
}

/** An instant as wall-clock ISO text in the zone `minutesAhead` of UTC. */
export function wallClock(epochMs: number, minutesAhead: number): string {
  return new Date(epochMs + minutesAhead * 60_000).toISOString().slice(0, 19);
}
