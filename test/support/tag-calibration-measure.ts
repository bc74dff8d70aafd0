/**
 * How well auto-tag confidences mean what they say, on shapes photos with known labels: every
 * photo × tag probability against the truth, summarised as the expected calibration error (ECE:
 * the gap between confidence and accuracy, averaged over ten equal-width confidence bins, weighted
 * by how many predictions fall in each). Tags: the colours, the shapes, and words the demo model
 * has never seen (nothing in the library is a horse), which an honest tagger is not sure of.
 */
import type { LumenServices } from '../../src-main/node/lumen-services';
import { COLORS, SHAPES, type RenderedSetEntry } from './independent-shapes-renderer';

export const UNSEEN_TAGS = ['horse', 'camera', 'text page'] as const;
export const CALIBRATION_TAGS: readonly string[] = [...COLORS, ...SHAPES, ...UNSEEN_TAGS];
const BINS = 10;

export interface LabelledPrediction {
  probability: number;
  truth: boolean;
}

export function expectedCalibrationError(predictions: readonly LabelledPrediction[]): number {
  if (predictions.length === 0) return 0;
  const bins = Array.from({ length: BINS }, () => ({ count: 0, confidence: 0, positives: 0 }));
  for (const { probability, truth } of predictions) {
    const bin = bins[Math.min(BINS - 1, Math.floor(probability * BINS))] as (typeof bins)[number];
    bin.count++;
    bin.confidence += probability;
    bin.positives += truth ? 1 : 0;
  }
  return bins.reduce((sum, bin) => sum + (bin.count === 0 ? 0 : Math.abs(bin.confidence - bin.positives)), 0) / predictions.length;
}

export function hasTag(entry: RenderedSetEntry, tag: string): boolean {
  return entry.color === tag || entry.shape === tag;
}

export interface CalibrationMeasurement {
  ece: number;
  /** ECE among the suggestions alone (probability ≥ 0.5): the confidences a person is shown. */
  suggestionEce: number;
  predictions: number;
  /** Suggestions (probability ≥ 0.5) and how many of them said 99% or more. */
  suggested: number;
  nearCertain: number;
  /** Mean probability given to the unseen tags' photos (all wrong). */
  unseenMean: number;
}

/**
 * Zero-shot: the tags' probabilities from their text alone. With `reviewed`, each tag's first
 * `reviewed` suggestions (highest first) are accepted or rejected by their true labels, as a
 * person reviewing would, and the rest of the photos are measured.
 */
export async function measureTagCalibration(
  services: LumenServices,
  entryById: ReadonlyMap<number, RenderedSetEntry>,
  options: { reviewed?: number } = {},
): Promise<CalibrationMeasurement> {
  const predictions: LabelledPrediction[] = [];
  const unseen: number[] = [];
  for (const tag of CALIBRATION_TAGS) {
    if (!services.tags.listTags().some((t) => t.name === tag)) services.tags.addTag(tag);
    let ids = [...entryById.keys()];
    if (options.reviewed) {
      const zeroShot = await services.tags.probabilities(tag, ids, { textOnly: true });
      const reviewed = [...ids].sort((a, b) => (zeroShot.get(b) ?? 0) - (zeroShot.get(a) ?? 0)).slice(0, options.reviewed);
      const truth = (id: number) => hasTag(entryById.get(id) as RenderedSetEntry, tag);
      services.tags.decide(tag, reviewed.filter(truth), 'accepted');
      services.tags.decide(
        tag,
        reviewed.filter((id) => !truth(id)),
        'rejected',
      );
      ids = ids.filter((id) => !reviewed.includes(id));
    }
    const probabilities = await services.tags.probabilities(tag, ids, { textOnly: !options.reviewed });
    for (const [id, probability] of probabilities) {
      predictions.push({ probability, truth: hasTag(entryById.get(id) as RenderedSetEntry, tag) });
      if ((UNSEEN_TAGS as readonly string[]).includes(tag)) unseen.push(probability);
    }
  }
  const suggestedProbabilities = predictions.map((p) => p.probability).filter((p) => p >= 0.5);
  return {
    ece: expectedCalibrationError(predictions),
    suggestionEce: expectedCalibrationError(predictions.filter((p) => p.probability >= 0.5)),
    predictions: predictions.length,
    suggested: suggestedProbabilities.length,
    nearCertain: suggestedProbabilities.filter((p) => p >= 0.99).length,
    unseenMean: unseen.reduce((a, b) => a + b, 0) / Math.max(1, unseen.length),
  };
}
