/** The grid asks for the smallest thumbnail that covers a cell's device pixels. */
import { describe, expect, it } from 'vitest';
import { thumbnailKindFor } from '../../src-renderer/src/lib/thumbnail-tier';

describe('thumbnailKindFor', () => {
  it('keeps the indexer thumbnail for cells it covers', () => {
    expect(thumbnailKindFor(168, 1)).toBe('thumbnail');
    expect(thumbnailKindFor(320, 1)).toBe('thumbnail');
    expect(thumbnailKindFor(160, 2)).toBe('thumbnail');
  });

  it('asks for 640 px on 2× displays and for big cells', () => {
    expect(thumbnailKindFor(168, 2)).toBe('thumbnail-640');
    expect(thumbnailKindFor(400, 1)).toBe('thumbnail-640');
    expect(thumbnailKindFor(320, 2)).toBe('thumbnail-640');
  });

  it('asks for 1280 px beyond that, and never for more', () => {
    expect(thumbnailKindFor(320, 3)).toBe('thumbnail-1280');
    expect(thumbnailKindFor(2000, 2)).toBe('thumbnail-1280');
  });

  it('takes an unknown ratio for 1', () => {
    expect(thumbnailKindFor(300, 0)).toBe('thumbnail');
  });
});
