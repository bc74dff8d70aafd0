import { describe, expect, it } from 'vitest';
import { LumenFailure } from '../../../src-common/result';
import { canonicalSpecJson, parsePreprocessSpec } from '../../../src-main/node/model/preprocess-spec';
import { resizeTarget } from '../../../src-main/node/model/resize-target';

const CLIP_CONFIG = {
  crop_size: { height: 224, width: 224 },
  do_center_crop: true,
  do_normalize: true,
  do_rescale: true,
  do_resize: true,
  image_mean: [0.48145466, 0.4578275, 0.40821073],
  image_std: [0.26862954, 0.26130258, 0.27577711],
  resample: 3,
  rescale_factor: 0.00392156862745098,
  size: { shortest_edge: 224 },
};

function failureOf(config: Record<string, unknown>): LumenFailure {
  try {
    parsePreprocessSpec(config);
  } catch (error) {
    if (error instanceof LumenFailure) return error;
    throw error;
  }
  throw new Error('expected parsePreprocessSpec to fail');
}

describe('parsePreprocessSpec', () => {
  it('reads a CLIP-style config completely', () => {
    expect(parsePreprocessSpec(CLIP_CONFIG)).toEqual({
      resize: { rule: { kind: 'edges', shortestEdge: 224, longestEdge: null }, resample: 'bicubic' },
      centerCrop: { width: 224, height: 224 },
      rescaleFactor: 0.00392156862745098,
      normalize: { mean: [0.48145466, 0.4578275, 0.40821073], std: [0.26862954, 0.26130258, 0.27577711] },
    });
  });

  it('reads a SigLIP-style fixed size and integer crop sizes', () => {
    const siglip = parsePreprocessSpec({
      do_resize: true,
      size: { height: 384, width: 256 },
      resample: 2,
      do_normalize: true,
      image_mean: 0.5,
      image_std: 0.5,
    });
    expect(siglip.resize).toEqual({ rule: { kind: 'exact', width: 256, height: 384 }, resample: 'bilinear' });
    expect(siglip.normalize).toEqual({ mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] });
    expect(siglip.centerCrop).toBeNull();
    expect(parsePreprocessSpec({ do_center_crop: true, crop_size: 100 }).centerCrop).toEqual({ width: 100, height: 100 });
  });

  it('follows transformers.js for absent keys, and Python transformers for integer sizes', () => {
    const spec = parsePreprocessSpec({ do_resize: true, size: 224 });
    // An integer size is a shortest edge, uncapped unless max_size says otherwise.
    expect(spec.resize).toEqual({ rule: { kind: 'edges', shortestEdge: 224, longestEdge: null }, resample: 'bilinear' });
    expect(parsePreprocessSpec({ do_resize: true, size: 224, max_size: 400 }).resize?.rule).toEqual({ kind: 'edges', shortestEdge: 224, longestEdge: 400 });
    expect(spec.rescaleFactor).toBeCloseTo(1 / 255, 12);
    expect(spec.normalize).toBeNull();
    expect(spec.centerCrop).toBeNull();
    expect(parsePreprocessSpec({ do_rescale: false }).rescaleFactor).toBeNull();
    expect(parsePreprocessSpec({}).resize).toBeNull();
  });

  it('resizes when size is given without do_resize, as transformers.js does (do_resize ?? size !== undefined)', () => {
    const { do_resize: _omitted, ...withoutFlag } = CLIP_CONFIG;
    expect(parsePreprocessSpec(withoutFlag).resize).toEqual({ rule: { kind: 'edges', shortestEdge: 224, longestEdge: null }, resample: 'bicubic' });
    // image_size stands in for size, as in transformers.js.
    expect(parsePreprocessSpec({ image_size: { height: 64, width: 64 } }).resize?.rule).toEqual({ kind: 'exact', width: 64, height: 64 });
    // An explicit false still wins.
    expect(parsePreprocessSpec({ ...CLIP_CONFIG, do_resize: false }).resize).toBeNull();
  });

  it("reads jina-clip's own preprocessor config as transformers.js' JinaCLIPImageProcessor does", () => {
    // jinaai/jina-clip-v1's preprocessor_config.json as published (auto_map left out).
    const jina = {
      fill_color: 0,
      image_processor_type: 'JinaCLIPImageProcessor',
      interpolation: 'bicubic',
      mean: [0.48145466, 0.4578275, 0.40821073],
      processor_class: 'JinaCLIPProcessor',
      resize_mode: 'shortest',
      size: 224,
      std: [0.26862954, 0.26130258, 0.27577711],
    };
    expect(parsePreprocessSpec(jina)).toEqual({
      resize: { rule: { kind: 'edges', shortestEdge: 224, longestEdge: null }, resample: 'bicubic' },
      centerCrop: { width: 224, height: 224 },
      rescaleFactor: 1 / 255,
      normalize: { mean: [0.48145466, 0.4578275, 0.40821073], std: [0.26862954, 0.26130258, 0.27577711] },
    });
    expect(parsePreprocessSpec({ ...jina, resize_mode: 'squash', interpolation: 'bilinear', size: 384 }).resize).toEqual({
      rule: { kind: 'exact', width: 384, height: 384 },
      resample: 'bilinear',
    });
    expect(parsePreprocessSpec({ ...jina, resize_mode: 'longest' }).resize?.rule).toEqual({ kind: 'edges', shortestEdge: null, longestEdge: 224 });
  });

  it('maps every PIL resample code Lumen supports', () => {
    const filters = [0, 1, 2, 3].map((resample) => parsePreprocessSpec({ do_resize: true, size: 8, resample }).resize?.resample);
    expect(filters).toEqual(['nearest', 'lanczos', 'bilinear', 'bicubic']);
  });

  it.each([
    [{ do_resize: true }, /size/],
    [{ do_resize: true, size: { shortest_edge: 0 } }, /shortest_edge/],
    [{ do_resize: true, size: 10, resample: 4 }, /resample 4/],
    [{ do_center_crop: true }, /crop_size/],
    [{ do_normalize: true, image_mean: [0.5, 0.5], image_std: [0.5, 0.5, 0.5] }, /image_mean/],
    [{ do_normalize: true, image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0, 0.5] }, /image_std/],
    [{ do_rescale: true, rescale_factor: 'x' }, /rescale_factor/],
    [{ do_pad: true }, /do_pad/],
    [{ do_resize: 'yes' }, /do_resize/],
  ])('refuses %j as bad-model naming the file', (config, reason) => {
    const failure = failureOf(config);
    expect(failure.code).toBe('bad-model');
    expect(failure.message).toContain('preprocessor_config.json');
    expect(failure.message).toMatch(reason);
  });

  it('gives equal specs equal canonical JSON and different specs different JSON', () => {
    const reordered = Object.fromEntries(Object.entries(CLIP_CONFIG).reverse());
    expect(canonicalSpecJson(parsePreprocessSpec(reordered))).toBe(canonicalSpecJson(parsePreprocessSpec(CLIP_CONFIG)));
    expect(canonicalSpecJson(parsePreprocessSpec({ ...CLIP_CONFIG, resample: 2 }))).not.toBe(canonicalSpecJson(parsePreprocessSpec(CLIP_CONFIG)));
  });
});

describe('resizeTarget', () => {
  it('scales the shortest edge and keeps the aspect ratio', () => {
    const rule = { kind: 'edges', shortestEdge: 128, longestEdge: null } as const;
    expect(resizeTarget(1200, 200, rule)).toEqual({ width: 768, height: 128 });
    expect(resizeTarget(333, 1000, rule)).toEqual({ width: 128, height: 384 });
    // 1201·128/799 = 192.4…: floored after rounding to two decimals, as transformers.js does.
    expect(resizeTarget(1201, 799, rule)).toEqual({ width: 192, height: 128 });
    expect(resizeTarget(64, 32, rule)).toEqual({ width: 256, height: 128 });
  });

  it('caps the longest edge when one is given', () => {
    expect(resizeTarget(640, 480, { kind: 'edges', shortestEdge: 224, longestEdge: 224 })).toEqual({ width: 224, height: 168 });
    expect(resizeTarget(3000, 100, { kind: 'edges', shortestEdge: 128, longestEdge: 1000 })).toEqual({ width: 1000, height: 33 });
  });

  it('stretches to an exact size', () => {
    expect(resizeTarget(640, 480, { kind: 'exact', width: 224, height: 200 })).toEqual({ width: 224, height: 200 });
  });
});
