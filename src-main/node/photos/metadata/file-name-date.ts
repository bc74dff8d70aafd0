import { isRealDate } from './zoned-time';

/** A date read from a file's name; `offset` is "+00:00" where the pattern is known to be UTC. */
export interface FileNameDate {
  takenAt: string;
  offset: string | null;
}

interface NamePattern {
  pattern: RegExp;
  /** Pixel phones name files in UTC; the others use the phone's local time. */
  utc?: true;
}

// Groups: year, month, day, then hour, minute, second where the name has them.
const PATTERNS: readonly NamePattern[] = [
  { pattern: /^PXL_(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})\d{0,3}/i, utc: true },
  // IMG_20240714_183005, VID_…, PANO_…, BURST…, Screenshot_20240714-183005, signal-2024-07-14-183005
  { pattern: /^(?:IMG|VID|PANO|MVIMG|BURST\d*|Screenshot|Screen_Recording|signal)[_-](\d{4})-?(\d{2})-?(\d{2})[_-](\d{2})-?(\d{2})-?(\d{2})/i },
  // WhatsApp: IMG-20240714-WA0001 (the date only)
  { pattern: /^(?:IMG|VID|AUD|PTT|STK)-(\d{4})(\d{2})(\d{2})-WA\d+/i },
  // "2024-07-14 18.30.05" (Dropbox camera uploads), "2024-07-14_18-30-05", "20240714_183005" (Samsung)
  { pattern: /^(\d{4})-(\d{2})-(\d{2})[ _](\d{2})[.-](\d{2})[.-](\d{2})/ },
  { pattern: /^(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})/ },
];

/** The capture time the file's name encodes, or null when the name follows no known pattern or names an impossible date. */
export function dateFromFileName(fileName: string): FileNameDate | null {
  for (const { pattern, utc } of PATTERNS) {
    const match = pattern.exec(fileName);
    if (!match) continue;
    const [, y, mo, d, h, mi, s] = match as unknown as [string, string, string, string, string | undefined, string | undefined, string | undefined];
    const year = Number(y);
    if (year < 1990 || year > 2100 || !isRealDate(year, Number(mo), Number(d))) return null;
    if (h === undefined) return { takenAt: `${y}-${mo}-${d}`, offset: null };
    if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
    return { takenAt: `${y}-${mo}-${d}T${h}:${mi}:${s}`, offset: utc ? '+00:00' : null };
  }
  return null;
}
