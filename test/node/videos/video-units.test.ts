/** The pure parts of video indexing: which moments are embedded, what the container says, where ffmpeg is, how a video ranks. */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoment } from '../../../src-common/video-moment';
import { rankWithVideoMoments } from '../../../src-main/node/search/video-moments';
import { frameSizeFor } from '../../../src-main/node/videos/extract-frame';
import { keyframeTimes, MAX_KEYFRAMES } from '../../../src-main/node/videos/keyframe-times';
import { describeProbe, parseIso6709 } from '../../../src-main/node/videos/probe-video';
import { findVideoTools, HOW_TO_ENABLE_VIDEOS } from '../../../src-main/node/videos/video-tools';
import { videoStatusLine } from '../../../src-main/node/cli/video-status-line';
import { isVideoPath } from '../../../src-main/node/videos/video-formats';

describe('keyframe moments', () => {
  it('takes the middle of each two-second slice, at most a dozen, and the first frame when the length is unknown', () => {
    expect(keyframeTimes(8000)).toEqual([1000, 3000, 5000, 7000]);
    expect(keyframeTimes(500)).toEqual([250]);
    expect(keyframeTimes(null)).toEqual([0]);
    const long = keyframeTimes(3_600_000);
    expect(long).toHaveLength(MAX_KEYFRAMES);
    expect(long[0]).toBe(150_000);
    expect(long.at(-1)).toBe(3_450_000);
  });

  it('gives each scene its middle, and long scenes frames at the interval, when the picture changes', () => {
    // 3 s red, a 1 s flash, 6 s blue: the flash is kept, red gets two frames and blue three, as the interval asks.
    expect(keyframeTimes(10_000, [3000, 4000])).toEqual([750, 2250, 3500, 5000, 7000, 9000]);
    expect(keyframeTimes(8000, [])).toEqual(keyframeTimes(8000));
    // Moments outside the video, repeated or unordered are ignored.
    expect(keyframeTimes(10_000, [4000, 3000, 3000, 0, 12_000])).toEqual([750, 2250, 3500, 5000, 7000, 9000]);
  });

  it('keeps to a dozen frames: one per scene first, the rest by length; with more scenes, the longest ones', () => {
    const cuts = [10_000, 20_000, 600_000];
    const times = keyframeTimes(3_600_000, cuts);
    expect(times).toHaveLength(MAX_KEYFRAMES);
    // Scenes of 10 s, 10 s, 580 s and 3000 s: one frame each, the 8 left shared by length (0, 0, 1 and 7) and the last by the largest remainder.
    expect(times.slice(0, 2)).toEqual([5000, 15_000]);
    expect(times.filter((t) => t > 20_000 && t < 600_000)).toHaveLength(2);
    expect(times.filter((t) => t > 600_000)).toHaveLength(8);
    const manyCuts = Array.from({ length: 30 }, (_, i) => (i + 1) * 1000 + (i === 5 ? 500 : 0));
    const few = keyframeTimes(60_000, manyCuts);
    expect(few).toHaveLength(MAX_KEYFRAMES);
    expect(few).toContain(45_000); // the 30 s tail, the longest scene
    expect(few).toEqual([...few].sort((a, b) => a - b));
  });

  it('writes moments as m:ss, h:mm:ss past an hour', () => {
    expect(formatMoment(12_345)).toBe('0:12');
    expect(formatMoment(754_000)).toBe('12:34');
    expect(formatMoment(3_723_000)).toBe('1:02:03');
  });

  it('decodes frames within 640 px, even, never enlarged', () => {
    expect(frameSizeFor(1920, 1080)).toEqual({ width: 640, height: 360 });
    expect(frameSizeFor(1080, 1920)).toEqual({ width: 360, height: 640 });
    expect(frameSizeFor(175, 143)).toEqual({ width: 176, height: 144 });
  });

  it('knows the video extensions, whatever their case', () => {
    for (const name of ['a.MP4', 'b.mov', 'c.m4v', 'd.3gp', 'e.mkv', 'f.webm', 'g.AVI', 'h.MTS']) expect(isVideoPath(name)).toBe(true);
    expect(isVideoPath('a.jpg')).toBe(false);
  });
});

describe('what the container says', () => {
  it('reads ISO 6709 places as phones write them', () => {
    expect(parseIso6709('+38.7223-009.1393+012.000/')).toEqual({ latitude: 38.7223, longitude: -9.1393, altitude: 12 });
    expect(parseIso6709('-33.8688+151.2093/')).toEqual({ latitude: -33.8688, longitude: 151.2093, altitude: null });
    expect(parseIso6709('+95.0+010.0/')).toBeNull();
    expect(parseIso6709('somewhere')).toBeNull();
  });

  it("turns the size upright by the display matrix, prefers Apple's creation date, drops a clockless 1904 date", () => {
    const probe = describeProbe({
      streams: [{ codec_type: 'video', codec_name: 'hevc', width: 1920, height: 1080, side_data_list: [{ rotation: -90 }] }],
      format: {
        duration: '3.5',
        tags: {
          'com.apple.quicktime.creationdate': '2023-05-17T10:11:12+0200',
          creation_time: '2023-05-17T08:11:13Z',
          'com.apple.quicktime.content.identifier': 'ABC-1',
        },
      },
    });
    expect(probe).toMatchObject({
      width: 1080,
      height: 1920,
      rotation: 90,
      durationMs: 3500,
      codec: 'hevc',
      takenAt: '2023-05-17T08:11:12.000Z',
      contentIdentifier: 'ABC-1',
    });
    expect(
      describeProbe({ streams: [{ codec_type: 'video', width: 2, height: 2 }], format: { tags: { creation_time: '1904-01-01T00:00:00Z' } } }).takenAt,
    ).toBeNull();
    expect(() => describeProbe({ streams: [{ codec_type: 'audio' }] })).toThrow(/no video stream/);
  });

  it('describes the first video stream that is not a cover nor a one-frame picture, and names its index for ffmpeg', () => {
    const cover = { codec_type: 'video', codec_name: 'mjpeg', width: 600, height: 600, disposition: { attached_pic: 1 } };
    const trackedCover = { codec_type: 'video', codec_name: 'png', width: 600, height: 600, tags: { DURATION: '00:00:00.040000000' } };
    const video = { codec_type: 'video', codec_name: 'h264', width: 320, height: 240, tags: { DURATION: '00:00:02.000000000' } };
    const audio = { codec_type: 'audio', codec_name: 'aac' };
    expect(
      describeProbe({
        streams: [
          { index: 0, ...audio },
          { index: 1, ...cover },
          { index: 2, ...video },
        ],
      }),
    ).toMatchObject({ width: 320, streamIndex: 2 });
    expect(
      describeProbe({
        streams: [
          { index: 0, ...trackedCover },
          { index: 1, ...video },
        ],
      }),
    ).toMatchObject({ width: 320, streamIndex: 1 });
    // A file that holds only a one-frame picture still describes it.
    expect(describeProbe({ streams: [{ index: 0, ...trackedCover }] })).toMatchObject({ width: 600, streamIndex: 0 });
  });
});

describe('finding ffmpeg', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lumen-ffmpeg-'));
    for (const sub of ['setting', 'bundled', 'path']) {
      await mkdir(join(dir, sub));
      for (const tool of ['ffmpeg', 'ffprobe']) {
        await writeFile(join(dir, sub, tool), '#!/bin/sh\n');
        await chmod(join(dir, sub, tool), 0o755);
      }
    }
    await mkdir(join(dir, 'empty'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('takes the setting first, then the bundled copy, then the PATH, and says when there is none', () => {
    const path = `${join(dir, 'empty')}:${join(dir, 'path')}`;
    expect(findVideoTools({ env: { LUMEN_FFMPEG: join(dir, 'setting', 'ffmpeg'), PATH: path }, bundledDir: join(dir, 'bundled') })).toEqual({
      ffmpeg: join(dir, 'setting', 'ffmpeg'),
      ffprobe: join(dir, 'setting', 'ffprobe'),
      source: 'setting',
    });
    expect(findVideoTools({ env: { PATH: path }, bundledDir: join(dir, 'bundled') })?.source).toBe('bundled');
    expect(findVideoTools({ env: { PATH: path }, bundledDir: join(dir, 'empty') })).toEqual({
      ffmpeg: join(dir, 'path', 'ffmpeg'),
      ffprobe: join(dir, 'path', 'ffprobe'),
      source: 'path',
    });
    expect(findVideoTools({ env: { PATH: join(dir, 'empty'), LUMEN_FFMPEG: join(dir, 'empty', 'ffmpeg') } })).toBeNull();
  });
});

describe('ranking videos by their best frame', () => {
  it("replaces a video's mean-vector score by its best frame's, keeps the filter, and cuts to the number wanted", () => {
    const ranked = [
      { photoId: 1, score: 0.5 },
      { photoId: 7, score: 0.45 },
      { photoId: 2, score: 0.4 },
    ];
    const moments = new Map([
      [7, { score: 0.9, timeMs: 3000 }],
      [8, { score: 0.6, timeMs: 0 }],
      [9, { score: 0.95, timeMs: 0 }],
    ]);
    expect(rankWithVideoMoments(ranked, moments, new Set([7, 8]), 3)).toEqual([
      { photoId: 7, score: 0.9 },
      { photoId: 8, score: 0.6 },
      { photoId: 1, score: 0.5 },
    ]);
    expect(rankWithVideoMoments(ranked, moments, null, 2).map((r) => r.photoId)).toEqual([9, 7]);
    expect(rankWithVideoMoments(ranked, new Map(), null, 2)).toEqual(ranked);
  });
});

describe('status about videos it could not index', () => {
  const skipped = { junk: 0, excluded: 0, unsupported: { '.mp4': 3, '.mov': 1, '.txt': 2 } };

  it('says how to enable videos when no decoder is found, and to index again once one is', () => {
    expect(videoStatusLine(skipped, null)).toBe(`    videos not indexed: 4 (no video decoder found): ${HOW_TO_ENABLE_VIDEOS}`);
    expect(videoStatusLine(skipped, { ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe', source: 'path' })).toMatch(
      /^ {4}videos not indexed yet: 4; .*\/usr\/bin\/ffmpeg.*index again/,
    );
    expect(videoStatusLine({ junk: 1, excluded: 0, unsupported: { '.txt': 1 } }, null)).toBeNull();
    expect(videoStatusLine(undefined, null)).toBeNull();
  });
});
