import { describe, expect, it } from 'vitest';
import { indexDecodeSize, type ImageSize } from '../../../src-main/node/indexer/embed-worker/index-decode-size';
import { preprocessResizeTarget } from '../../../src-main/node/model/image-preprocessor';
import { parsePreprocessSpec } from '../../../src-main/node/model/preprocess-spec';
import { thumbnailSizeFor } from '../../../src-main/node/photos/thumbnail';

const CLIP = parsePreprocessSpec({ do_resize: true, size: { shortest_edge: 224 }, resample: 3, do_center_crop: true, crop_size: { height: 224, width: 224 } });
const SIGLIP_384 = parsePreprocessSpec({ do_resize: true, size: { height: 384, width: 384 }, resample: 2 });
const NO_RESIZE = parsePreprocessSpec({ do_center_crop: true, crop_size: { height: 224, width: 224 } });

function decodeSize(upright: ImageSize, spec = CLIP): ImageSize {
  return indexDecodeSize(upright, (size) => preprocessResizeTarget(size, spec), thumbnailSizeFor(upright));
}

describe('indexDecodeSize', () => {
  it('decodes a 4:3 photo straight to its thumbnail, which covers a 224-px model input', () => {
    expect(decodeSize({ width: 4000, height: 3000 })).toEqual({ width: 320, height: 240 });
    expect(decodeSize({ width: 3000, height: 4000 })).toEqual({ width: 240, height: 320 });
  });

  it('decodes a 3:2 photo straight to the model input, which preprocessing then takes without resampling', () => {
    const size = decodeSize({ width: 6000, height: 4000 });
    expect(size).toEqual({ width: 336, height: 224 });
    expect(preprocessResizeTarget(size, CLIP)).toEqual(size);
  });

  it('keeps the aspect for a model that stretches to an exact size, at the larger of the two scales', () => {
    expect(decodeSize({ width: 4000, height: 3000 }, SIGLIP_384)).toEqual({ width: 512, height: 384 });
    expect(decodeSize({ width: 4000, height: 1000 }, SIGLIP_384)).toEqual({ width: 1536, height: 384 });
  });

  it('never enlarges, and decodes at full size for a model that takes the pixels as they are', () => {
    expect(decodeSize({ width: 300, height: 200 })).toEqual({ width: 300, height: 200 });
    expect(decodeSize({ width: 4000, height: 3000 }, NO_RESIZE)).toEqual({ width: 4000, height: 3000 });
  });

  it('covers both the thumbnail and the model input for every aspect', () => {
    for (let width = 200; width <= 6000; width += 137) {
      for (const height of [180, 333, 1000, 2999, 4000]) {
        const upright = { width, height };
        const size = decodeSize(upright);
        const thumbnail = thumbnailSizeFor(upright);
        const model = preprocessResizeTarget(upright, CLIP) as ImageSize;
        expect(size.width).toBeLessThanOrEqual(width);
        expect(size.height).toBeLessThanOrEqual(height);
        expect(size.width).toBeGreaterThanOrEqual(Math.min(width, Math.max(thumbnail.width, model.width)));
        expect(size.height).toBeGreaterThanOrEqual(Math.min(height, Math.max(thumbnail.height, model.height)));
      }
    }
  });
});
