/** Broken videos through the real ffprobe and ffmpeg: each gets a plain reason, none hangs. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeVideoError } from '../../../src-main/node/indexer/embed-worker/video-job';
import { extractFrame } from '../../../src-main/node/videos/extract-frame';
import { probeVideo } from '../../../src-main/node/videos/probe-video';
import { localVideoTools, type VideoTools } from '../../../src-main/node/videos/video-tools';
import { writeSceneVideo } from '../../support/video-fixtures';

let dir: string;
let tools: VideoTools;
let whole: string;

beforeAll(async () => {
  const found = localVideoTools();
  if (!found) throw new Error('ffmpeg is not installed: scripts/setup.sh installs it');
  tools = found;
  dir = await mkdtemp(join(tmpdir(), 'lumen-broken-videos-'));
  whole = await writeSceneVideo(dir, 'whole.mp4', [{ color: 'pink', shape: 'circle', seconds: 2 }]);
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

async function reasonFor(path: string): Promise<string> {
  try {
    await probeVideo(tools.ffprobe, path);
  } catch (error) {
    return describeVideoError(error);
  }
  return 'no error';
}

it('says a video cut short (its index at the end is missing) is damaged', async () => {
  const bytes = await readFile(whole);
  const cut = join(dir, 'cut.mp4');
  await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
  expect(await reasonFor(cut)).toBe('video is damaged or not a video this decoder reads (Invalid data found when processing input)');
});

it('says a file with sound only has no video stream', async () => {
  const sound = join(dir, 'voice-memo.mp4');
  await promisify(execFile)('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'aac', sound]);
  expect(await reasonFor(sound)).toBe('the file has no video stream (audio only, or not a video)');
});

it('says there is no picture at a moment past the end, instead of returning one', async () => {
  await expect(extractFrame(tools.ffmpeg, whole, 0, 60_000, { width: 240, height: 180 })).rejects.toThrow(/no picture could be decoded at 60\.0 s/);
});
