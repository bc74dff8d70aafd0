import type { SkippedFiles } from '../../../src-common/contract';
import { VIDEO_EXTENSIONS } from '../videos/video-formats';
import { HOW_TO_ENABLE_VIDEOS, type VideoTools } from '../videos/video-tools';

/**
 * The line `lumen status` adds under a folder whose last scan counted videos it could not index:
 * without a decoder, how to get one; with one found since, that the next run adds them.
 */
export function videoStatusLine(skipped: SkippedFiles | undefined, tools: VideoTools | null): string | null {
  const videos = Object.entries(skipped?.unsupported ?? {}).filter(([kind]) => VIDEO_EXTENSIONS.has(kind));
  const total = videos.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  return tools
    ? `    videos not indexed yet: ${total}; a video decoder is installed now (${tools.ffmpeg}): index again to add them`
    : `    videos not indexed: ${total} (no video decoder found): ${HOW_TO_ENABLE_VIDEOS}`;
}
