import { runTool } from './run-tool';

/** How different two consecutive keyframes must be (ffmpeg's scene score, 0–1) to count as a new scene. */
export const SCENE_THRESHOLD = 0.3;

/**
 * The moments (ms) where the picture of the stream numbered `stream` changes, from its keyframes only (`-skip_frame nokey`):
 * ffmpeg decodes one frame per group of pictures, small, and scores each against the one before.
 * Cheap (a phone video has a keyframe every second or two; encoders also put one at a cut), and
 * accurate to a group of pictures, which is all the keyframe choice needs. A video with few
 * keyframes yields few or no changes, and the fixed interval applies (keyframe-times.ts).
 */
export async function detectSceneChanges(ffmpeg: string, path: string, stream: number): Promise<number[]> {
  const input = `file:${path}`;
  const args = [
    '-v',
    'error',
    '-nostdin',
    '-skip_frame',
    'nokey',
    '-i',
    input,
    '-map',
    `0:${stream}`,
    '-an',
    '-sn',
    '-dn',
    '-vf',
    `scale=64:-2,select='gt(scene,${SCENE_THRESHOLD})',metadata=print:file=-`,
    '-f',
    'null',
    '-',
  ];
  const printed = (await runTool(ffmpeg, args, input)).toString('utf8');
  const moments: number[] = [];
  for (const match of printed.matchAll(/pts_time:(-?\d+(?:\.\d+)?)/g)) moments.push(Math.round(Number(match[1]) * 1000));
  return moments;
}
