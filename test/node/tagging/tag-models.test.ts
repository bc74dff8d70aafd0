import { describe, expect, it } from 'vitest';
import { probability, trainFewShot, tuneThreshold, zeroShotClassifier } from '../../../src-main/node/tagging/few-shot-model';
import { keywordFields, sidecarPathOf } from '../../../src-main/node/tagging/keyword-writer';
import { captionsFor } from '../../../src-main/node/tagging/prompt-ensemble';
import { calibrateScores, sigmoid } from '../../../src-main/node/tagging/score-calibration';
import { seededRandom } from '../library/library-fixtures';

function gaussian(random: () => number, mean: number, sd: number): number {
  return mean + sd * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

describe('calibrateScores', () => {
  const rule = { kind: 'softmax' as const, scale: 17.6, bias: 0, source: 'config' as const };

  it('finds the two populations of a tag score: probability ~0 for the lower, ~1 for the upper, 0.5 between', () => {
    const random = seededRandom(3);
    const scores = [...Array.from({ length: 300 }, () => gaussian(random, 0.1, 0.03)), ...Array.from({ length: 60 }, () => gaussian(random, 0.4, 0.03))];
    const curve = calibrateScores(scores, rule);
    const p = (cos: number) => sigmoid(curve.a * cos + curve.b);
    expect(p(0.1)).toBeLessThan(0.05);
    expect(p(0.4)).toBeGreaterThan(0.99);
    const midpoint = -curve.b / curve.a;
    expect(midpoint).toBeGreaterThan(0.15);
    expect(midpoint).toBeLessThan(0.35);
  });

  it('suggests nothing when no photo stands out of the background (a word the model cannot read)', () => {
    const random = seededRandom(5);
    const scores = Array.from({ length: 400 }, () => gaussian(random, 0, 0.04));
    const curve = calibrateScores(scores, rule);
    expect(sigmoid(curve.a * Math.max(...scores) + curve.b)).toBeLessThan(0.5);
  });

  it('falls back to the model’s own curve when there are too few photos to calibrate on', () => {
    expect(calibrateScores([0.1, 0.2], rule).a).toBeCloseTo(17.6, 9);
  });
});

describe('few-shot model', () => {
  const text = Float32Array.from([1, 0, 0]);
  const prior = zeroShotClassifier(text, { a: 20, b: -10 });

  it('is the zero-shot classifier without examples', () => {
    expect(trainFewShot(prior, [], [])).toBe(prior);
    expect(probability(prior, Float32Array.from([1, 0, 0]))).toBeCloseTo(sigmoid(10), 6);
  });

  it('learns a direction the text did not know from a few examples', () => {
    const positives = [Float32Array.from([0, 1, 0.1]), Float32Array.from([0, 1, -0.1])];
    const negatives = [Float32Array.from([0, 0.1, 1]), Float32Array.from([0.1, 0, 1])];
    expect(probability(prior, Float32Array.from([0, 1, 0]))).toBeLessThan(0.01);
    const trained = trainFewShot(prior, positives, negatives);
    expect(probability(trained, Float32Array.from([0, 1, 0]))).toBeGreaterThan(0.5);
    expect(probability(trained, Float32Array.from([0, 0, 1]))).toBeLessThan(0.5);
  });

  it('tunes the threshold between accepted and rejected probabilities', () => {
    expect(tuneThreshold([0.9, 0.8, 0.7], [0.2, 0.3])).toBeCloseTo(0.5, 6);
    expect(tuneThreshold([0.9], [])).toBeNull();
  });
});

describe('keywords and prompts', () => {
  it('splits hierarchical tags for dc:subject and lr:hierarchicalSubject', () => {
    expect(keywordFields(['places/beach', 'sunset', 'places / beach'])).toEqual({ subject: ['beach', 'sunset'], hierarchical: ['places|beach', 'sunset'] });
    expect(sidecarPathOf('/p/IMG_1.JPG')).toBe('/p/IMG_1.xmp');
  });

  it('puts every description in every template', () => {
    expect(captionsFor(['beach', 'sand and sea'], ['a photo of a {}.', '{}'])).toEqual([
      'a photo of a beach.',
      'beach',
      'a photo of a sand and sea.',
      'sand and sea',
    ]);
  });
});
