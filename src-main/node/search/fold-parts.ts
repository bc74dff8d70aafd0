/**
 * Ranked ids with each part (a Live Photo's video, a RAW beside its JPEG) replaced by its lead, once,
 * at the better of the two ranks and scores. A part whose lead fails the filter (`allowedLeads`;
 * all pass without one) stays itself: `--type mov` still finds the video.
 */
export function foldPartsIntoLeads(
  rankedIds: readonly number[],
  leads: ReadonlyMap<number, number>,
  allowedLeads: ReadonlySet<number> | null,
  scores: Map<number, number>,
): number[] {
  const folded: number[] = [];
  const seen = new Set<number>();
  for (const id of rankedIds) {
    const lead = leads.get(id);
    const shown = lead !== undefined && (!allowedLeads || allowedLeads.has(lead)) ? lead : id;
    if (seen.has(shown)) continue;
    seen.add(shown);
    if (shown !== id) scores.set(shown, Math.max(scores.get(shown) ?? Number.NEGATIVE_INFINITY, scores.get(id) ?? Number.NEGATIVE_INFINITY));
    folded.push(shown);
  }
  return folded;
}
