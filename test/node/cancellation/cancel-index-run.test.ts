/**
 * Cancelling an index run and a model switch's re-embedding through the one door (the dispatcher
 * the window's IPC and HTTP calls and the CLI share): the run stops after the batches already with
 * the worker, reports `cancelled`, embeds nothing more, and leaves a library whose every listed photo
 * has its vector; the next run finishes the rest. Real services, real worker, generated models.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryStatus, SearchResponse } from '../../../src-common/contract';
import type { IndexingState } from '../../../src-common/contract-app';
import type { Result } from '../../../src-common/result';
import { createApiDispatcher } from '../../../src-main/node/api/api-handlers';
import { liveSession } from '../../../src-main/node/api/live-session';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { installModel } from '../../../src-main/node/models/model-installer';
import { ModelRegistry } from '../../../src-main/node/models/model-registry';
import type { ApiDispatcher } from '../../../src-common/validated-dispatcher';
import { writeReferenceModel } from '../../../tools/reference-models/write-reference-model';
import { renderShapesSet } from '../../support/independent-shapes-renderer';

/** With one index worker and CPU batches of 8, one batch is with the worker when the cancel comes and decode may have the next. */
const IN_FLIGHT_LIMIT = 2 * 8;
const PHOTOS = 64;

let root = '';
let photos = '';
let live: ReturnType<typeof liveSession>;
let dispatch: ApiDispatcher;
const previousModels = process.env.LUMEN_MODELS;

async function value<T>(result: Promise<Result<unknown>>): Promise<T> {
  const answered = await result;
  if (!answered.ok) throw new Error(`${answered.error.code}: ${answered.error.message}`);
  return answered.value as T;
}

/** Cancels through the dispatcher as soon as a run has finished its first photos; answers the `done` it saw then. */
function cancelAtFirstPhotos(): { doneAtCancel: () => number | null; stop: () => void } {
  let doneAtCancel: number | null = null;
  const stop = live.events.listen('indexProgress', (state: IndexingState) => {
    const done = state.progress?.done ?? 0;
    if (doneAtCancel === null && done > 0) {
      doneAtCancel = done;
      void dispatch('controlIndexing', 'cancel');
    }
  });
  return { doneAtCancel: () => doneAtCancel, stop };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-cancel-index-'));
  process.env.LUMEN_MODELS = join(root, 'models');
  const registry = new ModelRegistry(join(root, 'models'));
  // Two image towers: switching from a to c re-embeds every photo in the background.
  await installModel(await writeReferenceModel(join(root, 'src', 'clip-a'), { family: 'clip', visionSeed: 1, textSeed: 2, name: 'clip-a' }), { registry });
  await installModel(await writeReferenceModel(join(root, 'src', 'clip-c'), { family: 'clip', visionSeed: 5, textSeed: 2, name: 'clip-c' }), { registry });
  photos = join(root, 'photos');
  await renderShapesSet(photos, { perPair: 2, seed: 21 });
  live = liveSession(() => LumenServices.open({ libraryDir: join(root, 'library'), indexWorkers: 1 }));
  dispatch = createApiDispatcher(live);
  await value(dispatch('useModel', 'clip-a'));
}, 600_000);

afterAll(async () => {
  await live?.dispose();
  if (previousModels === undefined) delete process.env.LUMEN_MODELS;
  else process.env.LUMEN_MODELS = previousModels;
  if (root) await rm(root, { recursive: true, force: true });
});

describe('cancelling through the dispatcher', () => {
  it('an index run stops after the batches in flight, saves them whole, and the next run finishes', async () => {
    const cancel = cancelAtFirstPhotos();
    await value(dispatch('addFolder', photos));
    await (await live()).indexing.idle();
    cancel.stop();

    const state = await value<IndexingState>(dispatch('getIndexing', undefined));
    const doneAtCancel = cancel.doneAtCancel();
    expect(doneAtCancel).not.toBeNull();
    expect(state.lastSummary).toMatchObject({ cancelled: true, removed: 0 });
    const status = await value<LibraryStatus>(dispatch('getStatus', undefined));
    // No photo was embedded after the batches in flight; every photo the library lists has its vector.
    expect(status.embedded).toBeLessThanOrEqual((doneAtCancel ?? 0) + IN_FLIGHT_LIMIT);
    expect(status.embedded).toBeLessThan(PHOTOS);
    expect(status.photos).toBe(status.embedded);
    expect(state.lastSummary?.indexed).toBe(status.embedded);

    await value(dispatch('reindexAll', undefined));
    await (await live()).indexing.idle();
    const finished = await value<LibraryStatus>(dispatch('getStatus', undefined));
    expect(finished).toMatchObject({ photos: PHOTOS, embedded: PHOTOS });
  }, 600_000);

  it('a model switch’s re-embedding stops the same way, and the previous model keeps answering searches', async () => {
    const before = await value<SearchResponse>(dispatch('search', { text: 'a red circle', limit: 5 }));
    expect(before.model).toBe('clip-a');
    const cancel = cancelAtFirstPhotos();
    await value(dispatch('useModel', 'clip-c'));
    await (await live()).indexing.idle();
    cancel.stop();

    const doneAtCancel = cancel.doneAtCancel();
    expect(doneAtCancel).not.toBeNull();
    const state = await value<IndexingState>(dispatch('getIndexing', undefined));
    expect(state.lastSummary).toMatchObject({ cancelled: true, removed: 0 });
    const session = await live();
    expect(session.services.serving.previous).toBe(true);
    const embeddedForC = session.services.embeddings.countEmbeddings(session.services.towerRowId);
    expect(embeddedForC).toBeLessThanOrEqual((doneAtCancel ?? 0) + IN_FLIGHT_LIMIT);
    expect(embeddedForC).toBeLessThan(PHOTOS);
    const during = await value<SearchResponse>(dispatch('search', { text: 'a red circle', limit: 5 }));
    expect(during.model).toBe('clip-a');
    expect(during.hits.map((h) => h.path)).toEqual(before.hits.map((h) => h.path));
  }, 600_000);
});
