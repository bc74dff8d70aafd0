/**
 * Reciprocal rank fusion (Cormack et al., 2009): each list adds 1/(k + rank). It merges rankings
 * whose scores are not comparable (cosines and bm25) without tuning, and a photo found by both
 * the vector and the words rises above one found by either alone.
 */
const RRF_K = 60;

/**
 * Each ranking with its weight: a weight above 1 lets that list's first entries beat the other's
 * first (the words of a folder name or a tag say more than a vector that has never seen them).
 */
export function fuseRankings(rankings: ReadonlyArray<readonly number[]>, weights: readonly number[] = []): number[] {
  const fused = new Map<number, number>();
  rankings.forEach((ranking, list) => {
    const weight = weights[list] ?? 1;
    ranking.forEach((photoId, index) => fused.set(photoId, (fused.get(photoId) ?? 0) + weight / (RRF_K + index + 1)));
  });
  // Ties (one list only, same rank) keep the order of the first list they appear in.
  const firstSeen = new Map<number, number>();
  rankings.flat().forEach((photoId, index) => {
    if (!firstSeen.has(photoId)) firstSeen.set(photoId, index);
  });
  return [...fused.keys()].sort((a, b) => (fused.get(b) ?? 0) - (fused.get(a) ?? 0) || (firstSeen.get(a) ?? 0) - (firstSeen.get(b) ?? 0));
}
