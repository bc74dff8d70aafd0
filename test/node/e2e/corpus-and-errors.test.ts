/** The real photos and the awkward files index without a crash; each unreadable file is listed with its reason. */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary, LibraryStatus } from '../../../src-common/contract';
import { lumen, lumenJson } from '../../support/cli-runner';

const corpus = join(import.meta.dirname, '../../fixtures/corpus');
let photos: string;
let library: string;

beforeAll(async () => {
  photos = await mkdtemp(join(tmpdir(), 'lumen-corpus-'));
  library = await mkdtemp(join(tmpdir(), 'lumen-lib-'));
  await cp(join(corpus, 'photos'), join(photos, 'photos'), { recursive: true });
  await cp(join(corpus, 'hard'), join(photos, 'hard'), { recursive: true });
  await writeFile(join(photos, 'hard', 'empty.jpg'), '');
  await writeFile(join(photos, 'hard', 'not-an-image.png'), 'hello, I am text');
});

describe('indexing the shared corpus', () => {
  it('indexes every readable file and lists the others with a reason', async () => {
    const summary = await lumenJson<IndexSummary>('index', photos, '--library', library);
    expect(summary.found).toBe(20);
    const status = await lumenJson<LibraryStatus>('status', '--library', library);
    const reasons = new Map((status.errorList ?? []).map((e) => [e.path.slice(photos.length + 1), e.reason]));
    expect([...reasons.keys()].sort()).toEqual(['hard/empty.jpg', 'hard/multipage_rgb.tif', 'hard/not-an-image.png', 'hard/truncated.jpg']);
    expect(reasons.get('hard/truncated.jpg')).toMatch(/truncated|damaged/);
    expect(reasons.get('hard/empty.jpg')).toMatch(/empty file/);
    expect(reasons.get('hard/not-an-image.png')).toMatch(/not a supported image/);
    expect(status.photos).toBe(16);
    expect(status.embedded).toBe(16);
    expect(summary.indexed).toBe(16);
    expect(summary.failed).toBe(4);
  });

  it('keeps failures on record without retrying unchanged files, and drops deleted photos', async () => {
    await rm(join(photos, 'photos', 'text.png'));
    const summary = await lumenJson<IndexSummary>('index', photos, '--library', library);
    expect(summary).toMatchObject({ indexed: 0, unchanged: 19, removed: 1, failed: 0 });
    const status = await lumenJson<LibraryStatus>('status', '--library', library);
    expect(status.photos).toBe(15);
    expect(status.errors).toBe(4);
  });

  it('lists the errors for people too', async () => {
    const run = await lumen('status', '--errors', '--library', library);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('truncated.jpg');
  });
});

describe('clear failures', () => {
  it('exits 1 naming a missing folder', async () => {
    const run = await lumen('index', join(photos, 'nope'), '--library', library);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/folder not found: .*nope/);
  });

  it('exits 1 naming a missing model', async () => {
    const run = await lumen('search', 'red', '--library', library, '--model', join(photos, 'no-model'), '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'missing-model' } });
  });

  it('exits 2 on bad arguments', async () => {
    expect((await lumen('search', 'red', '--limit', 'lots')).code).toBe(2);
    expect((await lumen('frobnicate')).code).toBe(2);
    expect((await lumen('index', '--library', library)).code).toBe(2);
  });
});
