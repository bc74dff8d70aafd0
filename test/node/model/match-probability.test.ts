import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { matchLogit, matchProbabilities, readScoreRule } from '../../../src-main/node/model/match-probability';
import { writeReferenceModel } from '../../../tools/reference-models/write-reference-model';

describe('readScoreRule', () => {
  it('reads CLIP’s logarithmic logit_scale as a softmax rule', () => {
    expect(readScoreRule({ model_type: 'clip', logit_scale: Math.log(50) })).toEqual({
      kind: 'softmax',
      scale: expect.closeTo(50, 10) as number,
      bias: 0,
      source: 'config',
    });
  });

  it('reads SigLIP’s scale and bias as a sigmoid rule', () => {
    expect(readScoreRule({ model_type: 'siglip', logit_scale: Math.log(10), logit_bias: -5 })).toEqual({
      kind: 'sigmoid',
      scale: expect.closeTo(10, 10) as number,
      bias: -5,
      source: 'config',
    });
    // A bias alone marks the sigmoid family, whatever model_type says.
    expect(readScoreRule({ logit_scale: 0, logit_bias: -1 }).kind).toBe('sigmoid');
  });

  it('falls back to the family’s usual values and says so', () => {
    expect(readScoreRule({})).toEqual({ kind: 'softmax', scale: expect.closeTo(100, 10) as number, bias: 0, source: 'family-default' });
    const siglip = readScoreRule({ model_type: 'siglip2' });
    expect(siglip.kind).toBe('sigmoid');
    expect(siglip.source).toBe('family-default');
    expect(siglip.bias).toBeLessThan(0);
  });
});

describe('matchProbabilities', () => {
  it('softmax: exp(scale·cos) normalized over the candidates', () => {
    const rule = { kind: 'softmax', scale: 10, bias: 0, source: 'config' } as const;
    const p = matchProbabilities(rule, [0.3, 0.1, 0.2]);
    const e = [Math.exp(3), Math.exp(1), Math.exp(2)];
    const total = e.reduce((a, b) => a + b, 0);
    p.forEach((value, i) => expect(value).toBeCloseTo((e[i] ?? 0) / total, 12));
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(matchProbabilities(rule, [])).toEqual([]);
  });

  it('softmax stays finite at CLIP’s scale of 100 with extreme cosines', () => {
    const [best = 0, , close = 1] = matchProbabilities({ kind: 'softmax', scale: 100, bias: 0, source: 'config' }, [1, -1, 0.99]);
    expect(Number.isFinite(best) && Number.isFinite(close)).toBe(true);
    expect(best / close).toBeCloseTo(Math.exp(1), 6);
  });

  it('sigmoid: σ(scale·cos + bias), each candidate alone', () => {
    const rule = { kind: 'sigmoid', scale: 100, bias: -10, source: 'config' } as const;
    expect(matchLogit(rule, 0.1)).toBeCloseTo(0, 12);
    expect(matchProbabilities(rule, [0.1])).toEqual([0.5]);
    const [high, low] = matchProbabilities(rule, [0.2, -0.9]);
    expect(high).toBeCloseTo(1 / (1 + Math.exp(-10)), 12);
    expect(low).toBeGreaterThan(0);
    expect(low).toBeCloseTo(Math.exp(-100), 50);
    // Independent of the other candidates, unlike softmax.
    expect(matchProbabilities(rule, [0.2, 0.5])[0]).toBe(high);
  });
});

describe('a loaded model carries its score rule', () => {
  it('from the generated CLIP and SigLIP config.json', async () => {
    const root = await mkdtemp(join(tmpdir(), 'lumen-scores-'));
    try {
      const clip = await ImageTextModel.load(
        await writeReferenceModel(join(root, 'clip'), { family: 'clip', scores: { logitScale: Math.log(80), logitBias: null } }),
      );
      const siglip = await ImageTextModel.load(
        await writeReferenceModel(join(root, 'siglip'), { family: 'siglip', scores: { logitScale: Math.log(120), logitBias: -11 } }),
      );
      expect(clip.info.scoreRule).toEqual({ kind: 'softmax', scale: expect.closeTo(80, 9) as number, bias: 0, source: 'config' });
      expect(siglip.info.scoreRule).toEqual({ kind: 'sigmoid', scale: expect.closeTo(120, 9) as number, bias: -11, source: 'config' });
      await Promise.all([clip.dispose(), siglip.dispose()]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
