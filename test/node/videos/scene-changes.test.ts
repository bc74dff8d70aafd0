/** Scene changes found by ffmpeg from a video's keyframes, on videos made here with the setup's ffmpeg. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSceneChanges } from '../../../src-main/node/videos/scene-changes';
import { keyframeTimes } from '../../../src-main/node/videos/keyframe-times';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Whole-picture scenes from ffmpeg's own sources (flat colours, its test pattern), 10 frames/s, a
 * keyframe every second as phones write them. The shapes fixtures differ too little between scenes
 * (same background, a shape changes) to count as a cut.
 */
async function writeCutVideo(name: string, scenes: readonly { source: string; seconds: number }[]): Promise<string> {
  const path = join(dir, name);
  const inputs = scenes.flatMap(({ source, seconds }) => ['-f', 'lavfi', '-i', `${source}${source.includes('=') ? ':' : '='}s=240x180:d=${seconds}:r=10`]);
  const concat = `${scenes.map((_, i) => `[${i}:v]`).join('')}concat=n=${scenes.length}:v=1[out]`;
  await run('ffmpeg', [
    '-v',
    'error',
    '-y',
    ...inputs,
    '-filter_complex',
    concat,
    '-map',
    '[out]',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-g',
    '10',
    '-pix_fmt',
    'yuv420p',
    path,
  ]);
  return path;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lumen-scenes-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('scene changes', () => {
  it('finds where the picture changes, to the keyframe, in a video with a keyframe every second', async () => {
    const path = await writeCutVideo('three-scenes.mp4', [
      { source: 'color=c=red', seconds: 3 },
      { source: 'testsrc', seconds: 2 },
      { source: 'color=c=blue', seconds: 3 },
    ]);
    const changes = await detectSceneChanges('ffmpeg', path, 0);
    expect(changes).toEqual([3000, 5000]);
    // The short blue scene gets a frame of its own.
    expect(keyframeTimes(8000, changes)).toEqual([750, 2250, 4000, 5750, 7250]);
  }, 60_000);

  it('finds none in a single scene, so the fixed interval applies', async () => {
    const path = await writeCutVideo('one-scene.mp4', [{ source: 'color=c=green', seconds: 4 }]);
    expect(await detectSceneChanges('ffmpeg', path, 0)).toEqual([]);
  }, 60_000);
});
