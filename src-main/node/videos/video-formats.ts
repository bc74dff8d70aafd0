import { extname } from 'node:path';

export { isVideoPath, VIDEO_EXTENSIONS } from '../../../src-common/video-moment';

/** Formats recorded for videos (the extension without its dot), so `--type` and the viewer can tell them from photos. */
export function videoFormatOf(path: string): string {
  return extname(path).slice(1).toLowerCase();
}
