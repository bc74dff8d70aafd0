import type { SkippedFiles } from '../../../src-common/contract';

/** Most kinds of file named in the not-photos line; the rest are summed up. */
const KINDS_SHOWN = 6;

/**
 * What a folder's last scan passed over, in the sentences the Folders list shows (the counts
 * `lumen status` prints), so that no file is left out silently. Empty when nothing was.
 */
export function skippedSummary(skipped: SkippedFiles | undefined): string[] {
  if (!skipped) return [];
  const lines: string[] = [];
  const left = [
    skipped.junk > 0 ? `${skipped.junk} system, NAS, recycle-bin or hidden ${skipped.junk === 1 ? 'item' : 'items'}` : '',
    skipped.excluded > 0 ? `${skipped.excluded} matching your exclude patterns` : '',
  ].filter(Boolean);
  if (left.length > 0) lines.push(`Left out: ${left.join(', ')}.`);
  const kinds = Object.entries(skipped.unsupported).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  if (kinds.length > 0) {
    const total = kinds.reduce((sum, [, count]) => sum + count, 0);
    const shown = kinds.slice(0, KINDS_SHOWN).map(([kind, count]) => `${count} ${kind}`);
    const rest = kinds.slice(KINDS_SHOWN).reduce((sum, [, count]) => sum + count, 0);
    lines.push(`Files Lumen does not read: ${total} (${shown.join(', ')}${rest > 0 ? `, ${rest} other` : ''}).`);
  }
  return lines;
}
