/**
 * The packaged app's ffmpeg: electron-builder.yml's extraResources for this platform, copied by
 * electron-builder's own file matchers into a stand-in resources folder, give the video tools
 * resolver a working ffmpeg and ffprobe ahead of the PATH's, with their licence beside them.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Configuration, PlatformSpecificBuildOptions } from 'app-builder-lib';
import { getConfig } from 'app-builder-lib/out/util/config/config';
import { getFileMatchers } from 'app-builder-lib/out/fileMatcher';
import { copyDir } from 'builder-util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { extractFrame } from '../../../src-main/node/videos/extract-frame';
import { probeVideo } from '../../../src-main/node/videos/probe-video';
import { detectSceneChanges } from '../../../src-main/node/videos/scene-changes';
import { findVideoTools } from '../../../src-main/node/videos/video-tools';

const root = join(import.meta.dirname, '../../..');
const run = promisify(execFile);
let dir: string;

function targetOptions(config: Configuration): PlatformSpecificBuildOptions | null | undefined {
  if (process.platform === 'darwin') return config.mac;
  if (process.platform === 'win32') return config.win;
  return config.linux;
}

/** What electron-builder puts under resources/ for a build of this platform and architecture. */
async function packagedResources(into: string): Promise<void> {
  const config = await getConfig(root, null, null);
  const matchers = getFileMatchers(config, 'extraResources', into, {
    // Only ${arch} is used there (${platform} would name the build machine's platform); anything else would be left unexpanded and fail below.
    macroExpander: (pattern) => pattern.replaceAll('${arch}', process.arch),
    customBuildOptions: targetOptions(config) ?? {},
    globalOutDir: join(into, '..', 'dist'),
    defaultSrc: root,
  });
  // As electron-builder copies a directory source: through the matcher's own filter.
  for (const matcher of matchers ?? []) {
    if (matcher.isEmpty() || matcher.containsOnlyIgnore()) matcher.prependPattern('**/*');
    await copyDir(matcher.from, matcher.to, { filter: matcher.createFilter() });
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lumen-packaged-ffmpeg-'));
  await packagedResources(join(dir, 'resources'));
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

it('ships ffmpeg and ffprobe for this platform with their licence and source offer, outside app.asar', async () => {
  const exe = process.platform === 'win32' ? '.exe' : '';
  expect((await readdir(join(dir, 'resources', 'ffmpeg'))).sort()).toEqual(['COPYING.GPLv3', 'README.txt', `ffmpeg${exe}`, `ffprobe${exe}`]);
});

it('is found before the PATH, and is the GPL-3.0 build the notice says it is', async () => {
  const onPath = findVideoTools({ env: process.env });
  expect(onPath?.source).toBe('path');
  const tools = findVideoTools({ env: { PATH: dirname(onPath?.ffmpeg ?? '') }, bundledDir: join(dir, 'resources', 'ffmpeg') });
  expect(tools?.source).toBe('bundled');
  for (const tool of [tools?.ffmpeg, tools?.ffprobe]) {
    const { stdout } = await run(tool ?? '', ['-version']);
    expect(stdout).toContain('--enable-gpl');
    expect(stdout).toContain('--enable-version3');
  }
});

/** Red, ffmpeg's test pattern, blue (3 s, 2 s, 3 s), 10 frames/s, a keyframe a second, encoded by the PATH's ffmpeg. */
async function writeCutVideo(path: string): Promise<void> {
  const scenes = [
    ['color=c=red', 3],
    ['testsrc', 2],
    ['color=c=blue', 3],
  ] as const;
  const inputs = scenes.flatMap(([source, seconds]) => ['-f', 'lavfi', '-i', `${source}${source.includes('=') ? ':' : '='}s=240x180:d=${seconds}:r=10`]);
  const concat = `${scenes.map((_, i) => `[${i}:v]`).join('')}concat=n=${scenes.length}:v=1[out]`;
  const encode = ['-filter_complex', concat, '-map', '[out]', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', '-pix_fmt', 'yuv420p'];
  await run('ffmpeg', ['-v', 'error', '-y', ...inputs, ...encode, path]);
}

it('reads a video as the PATH ffmpeg the tests use does, with the arguments Lumen gives it', async () => {
  const bundled = findVideoTools({ env: { PATH: '' }, bundledDir: join(dir, 'resources', 'ffmpeg') });
  const onPath = findVideoTools({ env: process.env });
  if (!bundled || !onPath) throw new Error('no ffmpeg');
  const video = join(dir, 'cuts.mp4');
  await writeCutVideo(video);
  expect(await probeVideo(bundled.ffprobe, video)).toEqual(await probeVideo(onPath.ffprobe, video));
  expect(await detectSceneChanges(bundled.ffmpeg, video, 0)).toEqual([3000, 5000]);
  const size = { width: 240, height: 180 };
  const frame = await extractFrame(bundled.ffmpeg, video, 0, 6500, size);
  const reference = await extractFrame(onPath.ffmpeg, video, 0, 6500, size);
  expect([frame.width, frame.height, frame.data.length]).toEqual([240, 180, 240 * 180 * 3]);
  let difference = 0;
  for (let i = 0; i < frame.data.length; i++) difference += Math.abs((frame.data[i] ?? 0) - (reference.data[i] ?? 0));
  expect(difference / frame.data.length).toBeLessThan(2);
}, 120_000);
