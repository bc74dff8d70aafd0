/** Range headers as browsers' video elements send them. */
import { expect, it } from 'vitest';
import { imageContentType } from '../../../src-main/node/api/library-files';
import { parseByteRange } from '../../../src-main/node/server/byte-range';

it('reads single byte ranges, open-ended and suffix ones, and refuses those past the end', () => {
  expect(parseByteRange(undefined, 100)).toBeNull();
  expect(parseByteRange('bytes=0-', 100)).toEqual({ start: 0, end: 99 });
  expect(parseByteRange('bytes=10-19', 100)).toEqual({ start: 10, end: 19 });
  expect(parseByteRange('bytes=90-500', 100)).toEqual({ start: 90, end: 99 });
  expect(parseByteRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
  expect(parseByteRange('bytes=100-', 100)).toBe('unsatisfiable');
  expect(parseByteRange('bytes=-0', 100)).toBe('unsatisfiable');
  // Several ranges, or nonsense: the whole file, as HTTP allows.
  expect(parseByteRange('bytes=0-1,5-6', 100)).toBeNull();
  expect(parseByteRange('items=0-1', 100)).toBeNull();
  expect(parseByteRange('bytes=20-10', 100)).toBeNull();
});

it('names video types so the window can play them', () => {
  expect(imageContentType('/v/clip.MP4')).toBe('video/mp4');
  expect(imageContentType('/v/IMG_0001.MOV')).toBe('video/quicktime');
  expect(imageContentType('/v/a.webm')).toBe('video/webm');
});
