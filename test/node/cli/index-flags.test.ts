import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src-main/node/cli/cli-args';
import { UsageError } from '../../../src-main/node/cli/cli-io';
import { progressBarLine } from '../../../src-main/node/cli/progress-bar';

describe('lumen index --watch / --poll', () => {
  it('watches with notifications by default and polls when given seconds', () => {
    expect(parseCommandLine(['index', 'a']).watch).toBe(false);
    expect(parseCommandLine(['index', 'a', '--watch'])).toMatchObject({ watch: true, pollSeconds: undefined });
    expect(parseCommandLine(['index', 'a', '--poll', '30'])).toMatchObject({ watch: true, pollSeconds: 30 });
  });

  it.each(['0', 'soon', '-5', '100000'])('rejects --poll %s', (value) => {
    expect(() => parseCommandLine(['index', 'a', '--poll', value])).toThrow(UsageError);
  });
});

describe('progressBarLine', () => {
  it('shows the share settled, counts, speed and ETA on one redrawn line', () => {
    const line = progressBarLine({ found: 200, done: 90, skipped: 10, failed: 0, photosPerSecond: 12.5, etaSeconds: 125, scanning: false, paused: false });
    expect(line.startsWith('\r[############............]  50%  100/200')).toBe(true);
    expect(line).toContain('12.5 photos/s');
    expect(line).toContain('ETA 2m05s');
    expect(line).not.toContain('\n');
  });

  it('says when the run is paused and when the walk is still finding photos', () => {
    const line = progressBarLine({ found: 40, done: 0, skipped: 0, failed: 0, photosPerSecond: 0, etaSeconds: null, scanning: true, paused: true });
    expect(line).toContain('0/40+');
    expect(line).toContain('paused');
  });
});
