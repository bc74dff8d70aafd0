/** At most this many frames of one video are embedded: a long video costs no more than a dozen photos. */
export const MAX_KEYFRAMES = 12;
/** A frame every this many milliseconds, until MAX_KEYFRAMES would be exceeded; then evenly spread. */
export const KEYFRAME_INTERVAL_MS = 2000;

/**
 * The moments (ms from the start) whose frames are embedded: the middle of each equal slice of the
 * video, a slice per KEYFRAME_INTERVAL_MS, at most MAX_KEYFRAMES. Middles rather than starts: a
 * fade-in or a black first frame is common. Unknown duration (a stream without one): the first frame.
 */
export function keyframeTimes(durationMs: number | null): number[] {
  if (durationMs === null || !Number.isFinite(durationMs) || durationMs <= 0) return [0];
  const count = Math.min(MAX_KEYFRAMES, Math.max(1, Math.round(durationMs / KEYFRAME_INTERVAL_MS)));
  const slice = durationMs / count;
  return Array.from({ length: count }, (_, i) => Math.floor(slice * i + slice / 2));
}
