/**
 * Indexing a folder shaped like real copies (Synology share, Mac copy, Windows copy, Android DCIM)
 * with a Lumen library inside it, through the CLI: only the real photos are indexed, however often
 * it runs; what was skipped is counted in `lumen status`; exclude patterns are edited with `lumen exclude`.
 */
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary, LibraryStatus } from '../../../src-common/contract';
import { runCli } from '../../../src-main/node/cli/main';
import { COLORS, renderShapePhoto, SHAPES } from '../../support/independent-shapes-renderer';
import { writeSceneVideo } from '../../support/video-fixtures';
import { tempDir, writeShapePhotos } from './indexer-fixtures';
import { DEAD_PID, REAL_PHOTOS, writeRealWorldTree } from './real-world-tree';

let photos: string;
let library: string;

async function lumen(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli([...args, '--library', library], { out: (t) => (out += t), err: (t) => (err += t), interactive: false });
  return { code, out, err };
}

async function index(): Promise<IndexSummary> {
  const run = await lumen('index', photos, '--json');
  expect(run.code, run.err).toBe(0);
  return JSON.parse(run.out) as IndexSummary;
}

async function status(): Promise<LibraryStatus> {
  return JSON.parse((await lumen('status', '--json')).out) as LibraryStatus;
}

const SHAPE_PHOTOS = 8;
const VIDEOS = 1;

beforeAll(async () => {
  photos = await tempDir('real-world');
  // The library lives inside the folder it indexes, under an ordinary name.
  library = join(photos, 'Lumen Library');
  let n = 0;
  await writeRealWorldTree(photos, async () => {
    const i = n++;
    const rendered = await renderShapePhoto({
      color: COLORS[i % COLORS.length] as (typeof COLORS)[number],
      shape: SHAPES[i % SHAPES.length] as (typeof SHAPES)[number],
      seed: 4_100 + i,
    });
    return rendered.data;
  });
  await mkdir(join(photos, 'shapes'));
  await writeShapePhotos(join(photos, 'shapes'), SHAPE_PHOTOS, 41);
  // The phone's video is a real one: with ffmpeg installed (setup does), videos are indexed too.
  await writeSceneVideo(join(photos, 'DCIM/Camera'), 'VID_20240101_120500.mp4', [{ color: 'green', shape: 'star', seconds: 1 }]);
}, 300_000);

describe('indexing real-world folders', () => {
  it('indexes only the real photos, run after run, with the library inside the folder', async () => {
    expect((await lumen('exclude', 'add', 'Screenshots/', '*.gif')).code).toBe(0);
    const expected = REAL_PHOTOS.length + SHAPE_PHOTOS + VIDEOS;
    const runs: IndexSummary[] = [];
    const counts: number[] = [];
    for (let run = 0; run < 3; run++) {
      runs.push(await index());
      counts.push((await status()).photos);
    }
    expect(counts, (await lumen('status', '--errors')).out).toEqual([expected, expected, expected]);
    expect(runs[0]).toMatchObject({ found: expected, indexed: expected, failed: 0, vanished: 0 });
    expect(runs[2]).toMatchObject({ found: expected, unchanged: expected, indexed: 0 });
    // The tree's junk (19), and the library in use, which holds thumbnails by now; the keyword
    // export's leftover was removed by the first run.
    expect(runs[0]?.skipped.junk).toBe(20);
    expect(runs[2]?.skipped).toEqual({ junk: 19, excluded: 2, unsupported: { '.txt': 1, '(none)': 1 } });
    const state = await status();
    expect(state.errors).toBe(0);
    expect(state.roots[0]?.skipped).toEqual(runs[2]?.skipped);
  });

  it('removes the working copy a killed keyword export left', async () => {
    await expect(access(join(photos, `mac/.lumen-tmp-keywords-${DEAD_PID}-IMG_0002.jpg`))).rejects.toThrow();
  });

  it('says in lumen status what was skipped and which kinds of files are not photos', async () => {
    const run = await lumen('status');
    expect(run.out).toContain('skipped: 19 junk (system, NAS, recycle-bin and hidden files and folders), 2 excluded');
    expect(run.out).toContain('not photos Lumen reads: 2 (1 (none), 1 .txt)');
  });

  it('takes a removed exclude pattern into account on the next run, and lists the patterns', async () => {
    const removed = await lumen('exclude', 'remove', '*.gif', '--json');
    expect(JSON.parse(removed.out)).toEqual({ patterns: ['Screenshots/'] });
    const summary = await index();
    expect(summary).toMatchObject({ indexed: 1, skipped: { excluded: 1 } });
    expect((await lumen('exclude', 'list')).out).toBe('Screenshots/\n');
    const missing = await lumen('exclude', 'remove', 'nope/');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('"nope/" was not an exclude pattern');
  });

  it('looks through the library folder around a subfolder asked for, and says so', async () => {
    const run = await lumen('index', join(photos, 'shapes'));
    expect(run.code, run.err).toBe(0);
    expect(run.err).toContain(`note: ${join(photos, 'shapes')} is inside the library folder ${photos}, so that folder was looked through.`);
    expect((await status()).roots.map((root) => root.path)).toEqual([photos]);
  });

  it('refuses to index the library folder itself', async () => {
    const run = await lumen('index', library);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/is this Lumen library's own folder .*Index the folders your photos are in/);
  });
});
