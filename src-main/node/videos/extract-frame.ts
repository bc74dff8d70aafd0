import type { RgbImage } from '../model/rgb-image';
import { runTool, VideoToolError } from './run-tool';

/** Frames are decoded no larger than this on their longer side: enough for the model input and the thumbnail. */
export const FRAME_LONG_SIDE = 640;

/** The decode size of a video whose upright size is this: within FRAME_LONG_SIDE, aspect kept, even, never enlarged. */
export function frameSizeFor(width: number, height: number): { width: number; height: number } {
  const shrink = Math.max(1, Math.max(width, height) / FRAME_LONG_SIDE);
  const even = (n: number): number => Math.max(2, Math.round(n / shrink / 2) * 2);
  return { width: even(width), height: even(height) };
}

/**
 * The upright frame at `timeMs` of the stream numbered `stream` (VideoProbe.streamIndex; ffmpeg
 * alone would take the largest picture, a cover or a second video), as RGB of the given size. Seeking before the input (`-ss` first)
 * jumps to the keyframe before the moment and decodes from there, so a frame costs about one GOP,
 * not the video up to it; ffmpeg applies the container's rotation itself.
 */
export async function extractFrame(ffmpeg: string, path: string, stream: number, timeMs: number, size: { width: number; height: number }): Promise<RgbImage> {
  const input = `file:${path}`;
  const args = [
    '-v',
    'error',
    '-nostdin',
    '-ss',
    (timeMs / 1000).toFixed(3),
    '-i',
    input,
    '-map',
    `0:${stream}`,
    '-frames:v',
    '1',
    '-an',
    '-sn',
    '-dn',
    '-vf',
    `scale=${size.width}:${size.height}:flags=area`,
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    'pipe:1',
  ];
  const data = await runTool(ffmpeg, args, input);
  const expected = size.width * size.height * 3;
  if (data.length < expected)
    throw new VideoToolError(
      data.length === 0 ? `no picture could be decoded at ${(timeMs / 1000).toFixed(1)} s` : 'the video decoder returned a partial picture',
    );
  return { data: new Uint8Array(data.buffer, data.byteOffset, expected), width: size.width, height: size.height };
}
