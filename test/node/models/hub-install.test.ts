/**
 * Installing from a hub that behaves like huggingface.co (fake-hub.ts): `Org/name`, `hf://…@rev`
 * and browser URLs resolve to a commit and are checked against the hub's listing; catalogue
 * entries are checked against their pinned hashes; a download that cannot fit is refused before
 * it starts; a cancelled one keeps its bytes and the next install resumes it.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CancellationTokenSource } from '../../../src-common/cancellation';
import { LumenFailure } from '../../../src-common/result';
import type { CatalogEntry, CatalogFile } from '../../../src-main/node/models/catalog/catalog-types';
import { CLIP_VIT_B32 } from '../../../src-main/node/models/catalog/entries/openai-clip';
import { ModelCatalog } from '../../../src-main/node/models/catalog/model-catalog';
import { HubClient } from '../../../src-main/node/models/hub-client';
import { installModel } from '../../../src-main/node/models/model-installer';
import { ModelRegistry } from '../../../src-main/node/models/model-registry';
import { lumen, lumenJson } from '../../support/cli-runner';
import { failureOf } from '../../support/failure-of';
import { writeReferenceModel } from '../../../tools/reference-models/write-reference-model';
import { startFakeHub, type FakeHub } from './fake-hub';

const REPO = 'lumen-test/tiny-clip';
let root = '';
let source = '';
let hub: FakeHub;
let plainServer: FakeHub;
let registry: ModelRegistry;
let run = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-hub-install-'));
  source = await writeReferenceModel(join(root, 'source'), { family: 'clip', quantized: true, name: 'tiny-clip' });
  hub = await startFakeHub({
    [REPO]: source,
    // The stand-in served where the real CLIP ViT-B/32 is, at its pinned commit: other bytes than the catalogue pins.
    [CLIP_VIT_B32.repo]: { folder: source, commit: CLIP_VIT_B32.revision ?? '' },
  });
  plainServer = await startFakeHub({ [REPO]: source }, { api: false });
});
afterAll(async () => {
  await hub.close();
  await plainServer.close();
  await rm(root, { recursive: true, force: true });
});
beforeEach(() => {
  run++;
  registry = new ModelRegistry(join(root, `models-${run}`));
  process.env.LUMEN_MODELS = registry.dir;
  process.env.HF_ENDPOINT = hub.url;
  hub.requests.length = 0;
});

const sha256 = async (path: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

/** A catalogue entry describing the stand-in exactly, hashes computed from its files (as the real ones were read from the hub's). */
async function standInEntry(hashes: 'all' | 'none'): Promise<CatalogEntry> {
  const file = async (path: string): Promise<CatalogFile> => ({
    repo: REPO,
    path,
    bytes: hashes === 'all' ? (await stat(join(source, path))).size : null,
    sha256: hashes === 'all' ? await sha256(join(source, path)) : null,
  });
  return {
    id: 'tiny-clip-pinned',
    name: 'tiny CLIP',
    family: 'clip',
    repo: REPO,
    revision: hub.commitOf(REPO),
    common: await Promise.all(['config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json'].map(file)),
    towers: { vision: { q8: [await file('onnx/vision_model_quantized.onnx')] }, text: { q8: [await file('onnx/text_model_quantized.onnx')] } },
    recommended: { cpu: { vision: 'q8', text: 'q8' }, gpu: { vision: 'q8', text: 'q8' } },
    languages: ['en'],
    quality: { note: 'a stand-in', source: 'this test' },
    hashes: { readFrom: ['the stand-in files'], checkedAgainstDownload: false },
  };
}

describe('installing from the hub', () => {
  it('installs Org/name from $HF_ENDPOINT at the commit main points to, every file checked against the hub’s listing', async () => {
    const added = await lumenJson<{ installed: { id: string; source: string; revision: string; checks: Record<string, string> }; notices: string[] }>(
      'model',
      'add',
      REPO,
      '--library',
      join(root, `library-${run}`),
    );
    const commit = hub.commitOf(REPO);
    expect(added.installed).toMatchObject({ id: 'tiny-clip', source: `hf://${REPO}@${commit}`, revision: commit });
    expect(added.installed.checks).toEqual({
      'config.json': 'hub-git-sha1',
      'preprocessor_config.json': 'hub-git-sha1',
      'tokenizer.json': 'hub-git-sha1',
      'tokenizer_config.json': 'hub-git-sha1',
      'onnx/vision_model.onnx': 'hub-sha256',
      'onnx/text_model.onnx': 'hub-sha256',
    });
    expect(added.notices).toEqual([]);
    // The text list names the commit it was pinned to.
    expect((await lumen('model', 'list', '--library', join(root, `library-${run}`))).stdout).toContain(`hf://${REPO}@${commit}`);
    // Asked the API first, then fetched every file at the commit, never at the moving main.
    expect(hub.requests[0]?.path).toBe(`/api/models/${REPO}/revision/main`);
    expect(hub.requests[1]?.path).toBe(`/api/models/${REPO}/tree/${commit}`);
    // config.json is read once more first, for the precisions its transformers.js_config pins.
    const downloads = hub.requests.filter((r) => r.path.includes('/resolve/'));
    expect(downloads.length).toBe(7);
    expect(downloads.every((r) => r.path.startsWith(`/${REPO}/resolve/${commit}/`))).toBe(true);
  });

  it.each([
    (url: string) => `${url}/${REPO}/tree/main`,
    (url: string) => `${url}/${REPO}/tree/main/onnx`,
    (url: string) => `${url}/${REPO}/blob/main/config.json`,
    (url: string) => `${url}/${REPO}/resolve/main/onnx/vision_model.onnx`,
    () => `hf://${REPO}@${hub.commitOf(REPO)}`,
  ])('installs the repository a browser URL or hf:// names (%#), under its own name', async (sourceOf) => {
    const installed = await installModel(sourceOf(hub.url), { registry, hubEndpoint: hub.url });
    expect(installed.id).toBe('tiny-clip');
    expect(installed.revision).toBe(hub.commitOf(REPO));
  });

  it('says it checks by size and ETag only when the server has no listing API, and still installs', async () => {
    const notices: string[] = [];
    const installed = await installModel(`${plainServer.url}/${REPO}`, { registry, onNotice: (n) => notices.push(n) });
    expect(notices[0]).toMatch(/lists no files or hashes for lumen-test\/tiny-clip: files are verified by their size and ETag only/);
    expect(notices).toContain("onnx/vision_model.onnx has no published hash, so it is verified by the size the server sends and the server's ETag only");
    expect(installed.revision).toBeNull();
    expect(Object.values(installed.checks ?? {}).every((check) => check === 'size-and-etag')).toBe(true);
  });

  it('names the precisions a repository offers when the asked one is not there', async () => {
    const failure = await failureOf(installModel(REPO, { registry, hubEndpoint: hub.url, variant: 'q4' }));
    expect(failure.message).toBe(`${REPO} at ${hub.commitOf(REPO).slice(0, 12)} has no onnx/vision_model_q4.onnx; its towers come as fp32, quantized`);
  });

  it('reads a tree listing the hub pages with Link headers', async () => {
    const paged = await startFakeHub({ [REPO]: source }, { pageSize: 2 });
    try {
      const repo = { endpoint: paged.url, repoId: REPO, revision: 'main', name: 'tiny-clip' };
      const files = await new HubClient().listFiles(repo, paged.commitOf(REPO));
      expect(files?.map((f) => f.path).sort()).toEqual(
        [
          'config.json',
          'onnx/text_model.onnx',
          'onnx/text_model_quantized.onnx',
          'onnx/vision_model.onnx',
          'onnx/vision_model_quantized.onnx',
          'preprocessor_config.json',
          'tokenizer.json',
          'tokenizer_config.json',
        ].sort(),
      );
      expect(paged.requests.filter((r) => r.path.includes('/tree/')).length).toBeGreaterThan(3);
      expect(files?.find((f) => f.path === 'onnx/vision_model.onnx')?.lfs?.sha256).toBe(await sha256(join(source, 'onnx/vision_model.onnx')));
    } finally {
      await paged.close();
    }
  });
});

describe('installing a catalogue entry', () => {
  it('checks every file against the catalogue’s pinned hashes and records how each was checked', async () => {
    const catalog = new ModelCatalog([await standInEntry('all')]);
    const installed = await installModel('tiny-clip-pinned', { registry, catalog, hubEndpoint: hub.url });
    expect(installed).toMatchObject({
      id: 'tiny-clip-pinned',
      catalogId: 'tiny-clip-pinned',
      revision: hub.commitOf(REPO),
      dtypes: { vision: 'q8', text: 'q8' },
    });
    expect(new Set(Object.values(installed.checks ?? {}))).toEqual(new Set(['pinned-sha256']));
    expect(installed.files['onnx/vision_model_quantized.onnx']).toBe(await sha256(join(source, 'onnx/vision_model_quantized.onnx')));
  });

  it('falls back to the hub’s listing for files the catalogue has no hash for, and says so', async () => {
    const entry = { ...(await standInEntry('none')), revision: null };
    const notices: string[] = [];
    const installed = await installModel(entry.id, { registry, catalog: new ModelCatalog([entry]), hubEndpoint: hub.url, onNotice: (n) => notices.push(n) });
    expect(notices).toEqual([`${REPO} has no pinned revision in the catalogue: installing its current commit ${hub.commitOf(REPO).slice(0, 12)}`]);
    expect(installed.checks?.['onnx/vision_model_quantized.onnx']).toBe('hub-sha256');
    expect(installed.checks?.['config.json']).toBe('hub-git-sha1');
  });

  it('refuses the real CLIP ViT-B/32 entry when the hub serves other bytes at its pinned commit, before downloading anything', async () => {
    const added = await lumen('model', 'add', 'clip-vit-b32', '--json', '--library', join(root, `library-${run}`));
    expect(added.code).toBe(1);
    expect(added.stderr).toMatch(/the hub lists config\.json of Xenova\/clip-vit-base-patch32 at the pinned commit as another file than the catalogue pins/);
    expect(hub.requests.some((r) => r.path.includes('/resolve/'))).toBe(false);
    expect(await registry.list()).toEqual([]);
  });

  it('refuses those bytes by their hash when the server lists nothing, and installs nothing', async () => {
    const plain = await startFakeHub({ [CLIP_VIT_B32.repo]: { folder: source, commit: CLIP_VIT_B32.revision ?? '' } }, { api: false });
    try {
      const failure = await failureOf(installModel('clip-vit-b32', { registry, hubEndpoint: plain.url }));
      expect(failure.code).toBe('download-failed');
      expect(failure.message).toMatch(
        /^config\.json from Xenova\/clip-vit-base-patch32 at d15189d7028b is not the expected file: it has \d+ bytes where the catalogue pins 4524/,
      );
      expect(await registry.list()).toEqual([]);
      expect(existsSync(registry.folderOf('clip-vit-b32'))).toBe(false);
    } finally {
      await plain.close();
    }
  });
});

describe('disk space, cancelling and resuming', () => {
  it('refuses before the first byte when the download cannot fit, naming the sizes', async () => {
    const catalog = new ModelCatalog([await standInEntry('all')]);
    const failure = await failureOf(
      installModel('tiny-clip-pinned', { registry, catalog, hubEndpoint: hub.url, freeSpace: () => Promise.resolve(10_000_000) }),
    );
    expect(failure.code).toBe('disk-full');
    expect(failure.message).toMatch(/^not enough free space in .+ to download tiny-clip-pinned: it needs 1 MB \(plus 68 MB to spare\) and 10 MB are free$/);
    expect(hub.requests.some((r) => r.path.includes('/resolve/'))).toBe(false);
  });

  it('stops a download when cancelled, keeps what arrived, and the next install resumes from there', async () => {
    const file = 'onnx/vision_model.onnx';
    void hub.stallOnce(file);
    const cancel = new CancellationTokenSource();
    // Cancelled once the first half of the file is on disk (the hub holds back the rest).
    const first = failureOf(
      installModel(REPO, {
        registry,
        hubEndpoint: hub.url,
        token: cancel.token,
        onProgress: (p) => {
          if (p.label === file && p.received > 0) cancel.cancel();
        },
      }),
    );
    const failure = await first;
    hub.release();
    expect(failure).toBeInstanceOf(LumenFailure);
    expect(failure.code).toBe('cancelled');
    expect(failure.message).toMatch(/cancelled; what arrived is kept, and the same command resumes it/);
    const part = join(registry.dir, '.downloads', 'tiny-clip', `${file}.part`);
    const kept = (await stat(part)).size;
    expect(kept).toBeGreaterThan(0);
    expect(await registry.list()).toEqual([]);

    hub.requests.length = 0;
    const installed = await installModel(REPO, { registry, hubEndpoint: hub.url });
    expect(installed.files[file]).toBe(await sha256(join(source, file)));
    expect(hub.requests.find((r) => r.path.endsWith(file) && r.path.startsWith('/cdn-lfs/'))?.range).toBe(`bytes=${kept}-`);
  });
});
