import type { GeoLocation, TakenAtSource } from '../../../src-common/contract';

/** Words and numbers as the window shows them. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export function folderLabel(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? path;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '…';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Why a date may be wrong, for the viewer: only estimates and dates read from a file's name say so. */
export function dateSourceNote(source: TakenAtSource | null): string {
  if (source === 'file-time') return "estimated from the file's time";
  if (source === 'file-name') return "from the file's name";
  return '';
}

/** "38.70750° N, 9.13640° W · 45 m" */
export function formatLocation(location: GeoLocation): string {
  const lat = `${Math.abs(location.latitude).toFixed(5)}° ${location.latitude < 0 ? 'S' : 'N'}`;
  const lon = `${Math.abs(location.longitude).toFixed(5)}° ${location.longitude < 0 ? 'W' : 'E'}`;
  return `${lat}, ${lon}${location.altitude === null ? '' : ` · ${Math.round(location.altitude)} m`}`;
}

export function formatDate(iso: string | null): string {
  if (!iso) return 'Unknown';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
