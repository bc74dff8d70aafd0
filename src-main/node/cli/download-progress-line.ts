import type { DownloadProgress } from '../models/resumable-download';

const BAR_WIDTH = 24;

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 2 : 1);
}

/** One terminal line, redrawn in place: bar, percentage, file, megabytes so far / in all. */
export function downloadProgressLine(p: DownloadProgress): string {
  if (p.total === null || p.total === 0) return `\r[${'?'.repeat(BAR_WIDTH)}]  ${p.label}  ${megabytes(p.received)} MB\u001b[K`;
  const fraction = Math.min(1, p.received / p.total);
  const filled = Math.round(fraction * BAR_WIDTH);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${p.label}  ${megabytes(p.received)}/${megabytes(p.total)} MB\u001b[K`;
}
