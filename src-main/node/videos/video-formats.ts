import { extname } from 'node:path';

/** Video containers the indexer picks up when a decoder (ffmpeg) is available; see video-tools.ts. */
export const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set(['.mp4', '.mov', '.m4v', '.3gp', '.mkv', '.webm', '.avi', '.mts', '.m2ts']);

export function isVideoPath(path: string): boolean {
  return VIDEO_EXTENSIONS.has(extname(path).toLowerCase());
}

/** Formats recorded for videos (the extension without its dot), so `--type` and the viewer can tell them from photos. */
export function videoFormatOf(path: string): string {
  return extname(path).slice(1).toLowerCase();
}
