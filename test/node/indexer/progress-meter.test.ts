import { describe, expect, it } from 'vitest';
import type { IndexProgress } from '../../../src-common/contract';
import { ProgressMeter } from '../../../src-main/node/indexer/progress-meter';

describe('ProgressMeter', () => {
  it('derives photos/s and ETA from a recent window of a clock it is given', () => {
    let now = 0;
    const events: IndexProgress[] = [];
    const meter = new ProgressMeter(
      (p) => events.push(p),
      0,
      () => now,
    );
    for (let i = 0; i < 100; i++) meter.found();
    for (let i = 0; i < 10; i++) meter.skipped();
    now = 1000;
    meter.done(20);
    now = 3000;
    meter.done(20);
    const last = events.at(-1) as IndexProgress;
    expect(last).toMatchObject({ found: 100, done: 40, skipped: 10, scanning: true });
    expect(last.photosPerSecond).toBeCloseTo(40 / 3, 5);
    expect(last.etaSeconds).toBeCloseTo(50 / (40 / 3), 5);
  });

  it('forgets speed older than its window, so the ETA follows a slowdown', () => {
    let now = 0;
    const events: IndexProgress[] = [];
    const meter = new ProgressMeter(
      (p) => events.push(p),
      0,
      () => now,
    );
    for (let i = 0; i < 1000; i++) meter.found();
    for (let t = 1; t <= 5; t++) {
      now = t * 1000;
      meter.done(50);
    }
    for (let t = 6; t <= 30; t++) {
      now = t * 1000;
      meter.done(1);
    }
    expect((events.at(-1) as IndexProgress).photosPerSecond).toBeCloseTo(1, 5);
  });

  it('throttles events but always reports state changes', () => {
    let now = 0;
    let emitted = 0;
    const meter = new ProgressMeter(
      () => emitted++,
      200,
      () => now,
    );
    for (let i = 0; i < 50; i++) meter.found();
    expect(emitted).toBe(1);
    meter.setPaused(true);
    expect(emitted).toBe(2);
    now = 500;
    meter.found();
    expect(emitted).toBe(3);
  });
});
