/** At most this many frames of one video are embedded: a long video costs no more than a dozen photos. */
export const MAX_KEYFRAMES = 12;
/** A frame every this many milliseconds, until MAX_KEYFRAMES would be exceeded; then evenly spread. */
export const KEYFRAME_INTERVAL_MS = 2000;

/** The middles of `count` equal slices of [start, end). */
function middles(start: number, end: number, count: number): number[] {
  const slice = (end - start) / count;
  return Array.from({ length: count }, (_, i) => Math.floor(start + slice * i + slice / 2));
}

/**
 * The moments (ms from the start) whose frames are embedded. Without scene changes: the middle of
 * each equal slice of the video, a slice per KEYFRAME_INTERVAL_MS, at most MAX_KEYFRAMES. Middles
 * rather than starts: a fade-in or a black first frame is common. With scene changes (moments where
 * the picture changes, scene-changes.ts): every scene gets at least its middle, so a short scene
 * between long ones is not lost, and a long scene more frames, in proportion to its length; when
 * there are more scenes than MAX_KEYFRAMES, the longest scenes get one frame each. Unknown duration
 * (a stream without one): the first frame.
 */
export function keyframeTimes(durationMs: number | null, sceneChangesMs: readonly number[] = []): number[] {
  if (durationMs === null || !Number.isFinite(durationMs) || durationMs <= 0) return [0];
  const cuts = [...new Set(sceneChangesMs.filter((t) => Number.isFinite(t) && t > 0 && t < durationMs).map(Math.round))].sort((a, b) => a - b);
  const bounds = [0, ...cuts, durationMs];
  const scenes = bounds.slice(1).map((end, i) => ({ start: bounds[i] as number, end }));
  const length = (s: { start: number; end: number }): number => s.end - s.start;
  if (scenes.length > MAX_KEYFRAMES) {
    const longest = [...scenes].sort((a, b) => length(b) - length(a) || a.start - b.start).slice(0, MAX_KEYFRAMES);
    return longest.sort((a, b) => a.start - b.start).map((s) => middles(s.start, s.end, 1)[0] as number);
  }
  // Frames per scene: what the interval asks for, at least one, scaled down to the cap by largest share.
  const wanted = scenes.map((s) => Math.max(1, Math.round(length(s) / KEYFRAME_INTERVAL_MS)));
  const total = wanted.reduce((sum, n) => sum + n, 0);
  let counts = wanted;
  if (total > MAX_KEYFRAMES) {
    const spare = MAX_KEYFRAMES - scenes.length;
    const shares = scenes.map((s) => (spare * length(s)) / durationMs);
    counts = shares.map((share) => 1 + Math.floor(share));
    let left = MAX_KEYFRAMES - counts.reduce((sum, n) => sum + n, 0);
    const byRemainder = shares.map((share, i) => ({ i, rest: share - Math.floor(share) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
    for (const { i } of byRemainder) {
      if (left-- <= 0) break;
      counts[i] = (counts[i] as number) + 1;
    }
  }
  return scenes.flatMap((s, i) => middles(s.start, s.end, counts[i] as number));
}
