/**
 * `lumen search` notes what a hit is shown with: a RAW, a Live Photo video, copies of the same
 * bytes (a backup beside the originals). Copies were printed as "Live Photo video", once each:
 * "with Live Photo video and Live Photo video and …" for a photo kept in ten folders.
 */
import { describe, expect, it } from 'vitest';
import { partsNote } from '../../../src-main/node/cli/commands/search-command';

const part = (kind: 'raw' | 'live-video' | 'copy', n: number) => ({ photoId: n, path: `/photos/${kind}-${n}`, kind });

describe('what a search hit is shown with', () => {
  it('names each kind once, copies counted', () => {
    expect(partsNote([part('raw', 1)])).toBe('with RAW');
    expect(partsNote([part('live-video', 1)])).toBe('with Live Photo video');
    expect(partsNote([part('copy', 1)])).toBe('with a copy');
    expect(partsNote(Array.from({ length: 9 }, (_, i) => part('copy', i)))).toBe('with 9 copies');
    expect(partsNote([part('raw', 1), part('copy', 2), part('live-video', 3), part('copy', 4)])).toBe('with RAW, Live Photo video and 2 copies');
    expect(partsNote([])).toBe('');
  });
});
