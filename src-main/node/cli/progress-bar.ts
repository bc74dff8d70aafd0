import type { IndexProgress } from '../../../src-common/contract';

const BAR_WIDTH = 24;

function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** One terminal line, redrawn in place: bar, counts, speed, time left. */
export function progressBarLine(p: IndexProgress): string {
  const settled = p.done + p.skipped + p.failed;
  const fraction = p.found === 0 ? 0 : Math.min(1, settled / p.found);
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
  const eta = p.paused ? 'paused' : p.etaSeconds === null ? 'ETA …' : `ETA ${duration(p.etaSeconds)}`;
  const found = `${p.found}${p.scanning ? '+' : ''}`;
  return (
    `\r${bar} ${(fraction * 100).toFixed(0).padStart(3)}%  ${settled}/${found}  ` +
    `${p.done} new  ${p.skipped} unchanged  ${p.failed} failed  ${p.photosPerSecond.toFixed(1)} photos/s  ${eta}\u001b[K`
  );
}
