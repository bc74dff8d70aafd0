/**
 * The window's Cancel of a classify batch (cancelClassify) through the one dispatcher, over real
 * services, the demo model and files on disk: the batch in progress answers `cancelled` before any
 * file is moved, and nothing is left to undo; with no batch running it answers false.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDispatcher } from '../../../src-common/validated-dispatcher';
import { createApiDispatcher } from '../../../src-main/node/api/api-handlers';
import { AppSession } from '../../../src-main/node/api/app-session';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { renderShapesSet } from '../../support/independent-shapes-renderer';

let root = '';
let session: AppSession;
let dispatch: ApiDispatcher;
let files: string[] = [];
const previousModels = process.env.LUMEN_MODELS;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-cancel-classify-call-'));
  process.env.LUMEN_MODELS = join(root, 'models');
  files = (await renderShapesSet(join(root, 'inbox'), { perPair: 4, seed: 11 })).map((entry) => entry.file);
  session = new AppSession(await LumenServices.open({ libraryDir: join(root, 'library'), indexWorkers: 1 }));
  dispatch = createApiDispatcher(() => Promise.resolve(session));
  for (const name of ['red', 'blue']) {
    await mkdir(join(root, 'sorted', name), { recursive: true });
    const added = await dispatch('addCategory', { set: 'colours', name, folder: join(root, 'sorted', name) });
    expect(added.ok).toBe(true);
  }
}, 600_000);

afterAll(async () => {
  await session?.dispose();
  if (previousModels === undefined) delete process.env.LUMEN_MODELS;
  else process.env.LUMEN_MODELS = previousModels;
  if (root) await rm(root, { recursive: true, force: true });
});

describe('cancelClassify', () => {
  it('answers false when no batch is running', async () => {
    expect(await dispatch('cancelClassify', undefined)).toEqual({ ok: true, value: false });
  });

  it('stops the batch in progress before it moves a file: cancelled, every file where it was, nothing to undo', async () => {
    expect(files.length).toBeGreaterThan(64);
    let settled = false;
    const answer = dispatch('classifyFiles', { into: 'colours', files, action: 'move' }).finally(() => (settled = true));
    // Asked until a batch is there to cancel (the call registers it once its handler runs).
    let cancelled = false;
    while (!cancelled && !settled) {
      const result = await dispatch('cancelClassify', undefined);
      expect(result.ok).toBe(true);
      cancelled = result.ok && result.value === true;
    }
    expect(cancelled).toBe(true);
    const result = await answer;
    expect(result.ok ? 'answered' : result.error.code).toBe('cancelled');
    expect(files.every((file) => existsSync(file))).toBe(true);
    expect(await readdir(join(root, 'sorted', 'red'))).toEqual([]);
    expect(await readdir(join(root, 'sorted', 'blue'))).toEqual([]);
    const undo = await dispatch('undoLast', undefined);
    expect(undo.ok ? 'undone' : undo.error.code).toBe('nothing-to-undo');
  }, 120_000);
});
