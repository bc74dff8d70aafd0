/**
 * Frames come from the video stream the probe describes, not from the one ffmpeg picks by itself
 * (the largest picture): files made here with the setup's ffmpeg whose picture is red, beside a
 * larger blue cover or a larger blue second video.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeVideoJob } from '../../../src-main/node/indexer/embed-worker/video-job';
import type { ModelInput } from '../../../src-main/node/indexer/embed-worker/decode-for-model';
import { prepareImage, preprocessResizeTarget } from '../../../src-main/node/model/image-preprocessor';
import type { JsonObject } from '../../../src-main/node/model/model-folder';
import { parsePreprocessSpec } from '../../../src-main/node/model/preprocess-spec';
import { localVideoTools, type VideoTools } from '../../../src-main/node/videos/video-tools';
import { bundledModelFolder } from '../../../src-main/node/resource-paths';

const run = promisify(execFile);

let dir: string;
let tools: VideoTools;
let model: ModelInput;

/** ffmpeg with these arguments, quiet, overwriting. */
const ffmpeg = (...args: string[]) => run('ffmpeg', ['-v', 'error', '-y', ...args]);
/** Two seconds of one colour, 10 frames/s, a keyframe every second. */
const colourVideo = (path: string, colour: string, size: string) =>
  ffmpeg('-f', 'lavfi', '-i', `color=c=${colour}:s=${size}:d=2:r=10`, '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', '-pix_fmt', 'yuv420p', path);

beforeAll(async () => {
  const found = localVideoTools();
  if (!found) throw new Error('ffmpeg is not installed: scripts/setup.sh installs it');
  tools = found;
  dir = await mkdtemp(join(tmpdir(), 'lumen-video-stream-'));
  const demo = JSON.parse(await readFile(join(bundledModelFolder(), 'preprocessor_config.json'), 'utf8')) as JsonObject;
  const spec = parsePreprocessSpec(demo);
  model = { prepareImage: (image) => prepareImage(image, spec), resizeTargetFor: (size) => preprocessResizeTarget(size, spec) };
  await colourVideo(join(dir, 'red.mp4'), 'red', '160x120');
  await colourVideo(join(dir, 'blue.mp4'), 'blue', '320x240');
  await ffmpeg('-f', 'lavfi', '-i', 'color=c=blue:s=320x240', '-frames:v', '1', join(dir, 'cover.png'));
  // The cover first, as the command people use to add cover art writes it.
  await ffmpeg(
    '-i',
    join(dir, 'red.mp4'),
    '-i',
    join(dir, 'cover.png'),
    '-map',
    '1',
    '-map',
    '0',
    '-c',
    'copy',
    '-disposition:v:0',
    'attached_pic',
    join(dir, 'cover-first.mkv'),
  );
  await ffmpeg(
    '-i',
    join(dir, 'red.mp4'),
    '-i',
    join(dir, 'cover.png'),
    '-map',
    '0',
    '-map',
    '1',
    '-c',
    'copy',
    '-disposition:v:1',
    'attached_pic',
    join(dir, 'with-cover.mp4'),
  );
  // A plain second video, larger, after the first.
  await ffmpeg('-i', join(dir, 'red.mp4'), '-i', join(dir, 'blue.mp4'), '-map', '0', '-map', '1', '-c', 'copy', join(dir, 'two-videos.mkv'));
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the video stream frames are taken from', () => {
  for (const name of ['cover-first.mkv', 'with-cover.mp4', 'two-videos.mkv']) {
    it(`is the red video's in ${name}, for its size, each frame and the thumbnail`, async () => {
      const path = join(dir, name);
      const info = await stat(path);
      const decoded = await decodeVideoJob({ path, size: info.size, mtimeMs: Math.trunc(info.mtimeMs) }, model, dir, tools);
      if (!decoded.ok) throw new Error(`not decoded: ${decoded.reason}`);
      expect([decoded.width, decoded.height]).toEqual([160, 120]);
      expect(decoded.frames.length).toBeGreaterThan(0);
      for (const { prepared } of decoded.frames) {
        // Normalized by the demo model to [-1, 1]: red is (1, -1, -1); the blue picture would be (-1, -1, 1).
        const plane = prepared.width * prepared.height;
        const mean = (c: number) => prepared.data.subarray(c * plane, (c + 1) * plane).reduce((a, b) => a + b, 0) / plane;
        expect(mean(0)).toBeGreaterThan(0.8);
        expect(mean(2)).toBeLessThan(-0.8);
      }
      const [red, , blue] = (await sharp(join(dir, decoded.thumbnail)).stats()).channels;
      expect(red?.mean).toBeGreaterThan(200);
      expect(blue?.mean).toBeLessThan(60);
    }, 60_000);
  }
});
