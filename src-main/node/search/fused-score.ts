import type { TextMatchReason } from '../../../src-common/contract';

/**
 * How far words found in a photo's names or tags may lift it, as a share of the way from its visual
 * probability to 1 (all the query's keywords found; a part for some). An accepted tag is a
 * person's word for what the photo shows, so a full tag match alone makes a close match (0.5); a
 * file or folder name is weaker evidence (camera names say nothing, and "brown-circle-0.jpg" is
 * only half of "a red circle"), so a name lifts a photo above visual near-misses but never makes
 * a close match on its own.
 */
export const NAME_LIFT = 0.2;
export const TAG_LIFT = 0.5;
/** A place is a name too (words of the town or country). */
const LIFT: Record<TextMatchReason['field'], number> = { name: NAME_LIFT, tag: TAG_LIFT, place: NAME_LIFT };

/**
 * The one score a hit is ranked and shown by, 0…1: the calibrated visual probability p lifted by
 * each matched field, 1 − (1 − p)·Π(1 − lift·share). A lift can close at most that share of the
 * gap to 1, so a photo whose visual probability is ahead by more than NAME_LIFT·(1 − p) of another
 * stays ahead of it whatever that one's file is called: a name never reorders a clearly better
 * visual match.
 */
export function fusedScore(visual: number, reasons: readonly TextMatchReason[], keywordCount: number): number {
  let remaining = 1 - visual;
  for (const reason of reasons) {
    const share = Math.min(1, reason.words.length / Math.max(1, keywordCount));
    remaining *= 1 - LIFT[reason.field] * share;
  }
  return 1 - remaining;
}

/** At or above this fused score a hit is a close match. */
export const CLOSE_MATCH = 0.5;
