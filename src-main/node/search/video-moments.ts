import type { VideoRepository } from '../library/video-repository';
import type { RankedPhoto } from './filtered-ranking';
import { dot, unit } from './vector-math';

/** A video's best frame for a query: its score (as for a photo) and the moment it shows. */
export interface VideoMoment {
  score: number;
  timeMs: number;
}

/**
 * Scores every keyframe of every video against the query and keeps each video's best. Exact, not
 * through the vector index (which holds one vector per item): a library has far fewer videos than
 * photos, and a dozen frames each, so this is a scan of frames × dimensions per query.
 */
export function bestVideoMoments(videos: VideoRepository, towerRowId: number, query: Float32Array): Map<number, VideoMoment> {
  const best = new Map<number, VideoMoment>();
  for (const frame of videos.iterateFrames(towerRowId)) {
    const score = dot(query, unit(frame.vector));
    const known = best.get(frame.photoId);
    if (!known || score > known.score) best.set(frame.photoId, { score, timeMs: frame.timeMs });
  }
  return best;
}

/**
 * The ranking with each video at its best frame's score instead of its mean vector's: videos the
 * index ranked are taken out, and every video that passes the filter (`allowed`; all without one)
 * goes back in at its moment's score; the best `want` are kept.
 */
export function rankWithVideoMoments(
  ranked: readonly RankedPhoto[],
  moments: ReadonlyMap<number, VideoMoment>,
  allowed: ReadonlySet<number> | null,
  want: number,
): RankedPhoto[] {
  if (moments.size === 0) return [...ranked];
  const merged = ranked.filter((r) => !moments.has(r.photoId));
  for (const [photoId, moment] of moments) if (!allowed || allowed.has(photoId)) merged.push({ photoId, score: moment.score });
  return merged.sort((a, b) => b.score - a.score || a.photoId - b.photoId).slice(0, want);
}
