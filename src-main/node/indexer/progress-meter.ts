import type { IndexProgress } from '../../../src-common/contract';

/** Throughput is measured over this recent window, so the ETA follows speed changes (cache, disk). */
const RATE_WINDOW_MS = 10_000;

interface Sample {
  atMs: number;
  processed: number;
}

/**
 * Counts an indexing run and reports it, at most every `intervalMs` (progress bars and IPC need no
 * more), plus once at the end.
 */
export class ProgressMeter {
  private readonly state: IndexProgress = { found: 0, done: 0, skipped: 0, failed: 0, photosPerSecond: 0, etaSeconds: null, scanning: true, paused: false };
  private samples: Sample[] = [];
  private lastEmitMs = -Infinity;

  constructor(
    private readonly onProgress: ((progress: IndexProgress) => void) | undefined,
    private readonly intervalMs = 200,
    private readonly now: () => number = () => performance.now(),
  ) {}

  found(): void {
    this.state.found++;
    this.maybeEmit();
  }

  skipped(): void {
    this.state.skipped++;
    this.maybeEmit();
  }

  done(count = 1): void {
    this.state.done += count;
    this.maybeEmit();
  }

  /** A file counted as found that was gone when it came to be read: it was never there to be done. */
  vanished(): void {
    this.state.found--;
    this.maybeEmit();
  }

  failed(count = 1): void {
    this.state.failed += count;
    this.maybeEmit();
  }

  setScanning(scanning: boolean): void {
    this.state.scanning = scanning;
    this.emit();
  }

  setPaused(paused: boolean): void {
    this.state.paused = paused;
    this.emit();
  }

  snapshot(): IndexProgress {
    const nowMs = this.now();
    const processed = this.state.done + this.state.failed;
    this.samples.push({ atMs: nowMs, processed });
    while (this.samples.length > 2 && (this.samples[0] as Sample).atMs < nowMs - RATE_WINDOW_MS) this.samples.shift();
    const oldest = this.samples[0] as Sample;
    const seconds = (nowMs - oldest.atMs) / 1000;
    const rate = seconds > 0 ? (processed - oldest.processed) / seconds : 0;
    const remaining = Math.max(0, this.state.found - this.state.skipped - processed);
    return {
      ...this.state,
      photosPerSecond: rate,
      etaSeconds: rate > 0 ? remaining / rate : remaining === 0 && !this.state.scanning ? 0 : null,
    };
  }

  emit(): void {
    if (!this.onProgress) return;
    this.lastEmitMs = this.now();
    this.onProgress(this.snapshot());
  }

  private maybeEmit(): void {
    if (this.onProgress && this.now() - this.lastEmitMs >= this.intervalMs) this.emit();
  }
}
