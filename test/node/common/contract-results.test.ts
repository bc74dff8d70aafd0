/**
 * Every contract method's answer, from the real handlers over a real library, parsed by its result
 * schema (src-common/contract-results.ts): strict objects, so a field the contract does not declare,
 * a missing one or a wrong type fails here. The dispatcher does not parse results in production.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LumenMethod } from '../../../src-common/contract';
import { LUMEN_RESULTS } from '../../../src-common/contract-results';
import type { ApiDispatcher } from '../../../src-common/validated-dispatcher';
import { createApiDispatcher } from '../../../src-main/node/api/api-handlers';
import { AppSession } from '../../../src-main/node/api/app-session';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { writeReferenceModel } from '../../../tools/reference-models/write-reference-model';
import { renderShapesSet, type RenderedSetEntry } from '../../support/independent-shapes-renderer';

let root = '';
let session: AppSession;
let dispatch: ApiDispatcher;
let photos: RenderedSetEntry[] = [];
let photosDir = '';
const previousModels = process.env.LUMEN_MODELS;
const checked = new Set<string>();

/** Calls through the one dispatcher; the call must succeed, and its value must parse with its result schema. */
async function answerOf(method: LumenMethod, arg?: unknown): Promise<unknown> {
  const result = await dispatch(method, arg);
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code}: ${result.error.message}`);
  const parsed = v.safeParse(LUMEN_RESULTS[method], result.value);
  const where = parsed.issues?.[0] ? `${v.getDotPath(parsed.issues[0]) ?? '(value)'}: ${parsed.issues[0].message}` : '';
  expect(where, `${method}'s answer against its result schema`).toBe('');
  checked.add(method);
  return result.value;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-results-'));
  process.env.LUMEN_MODELS = join(root, 'models');
  photosDir = join(root, 'photos');
  photos = await renderShapesSet(photosDir, { perPair: 1, seed: 5 });
  session = new AppSession(await LumenServices.open({ libraryDir: join(root, 'library'), indexWorkers: 1 }));
  dispatch = createApiDispatcher(() => Promise.resolve(session));
}, 600_000);

afterAll(async () => {
  await session?.dispose();
  if (previousModels === undefined) delete process.env.LUMEN_MODELS;
  else process.env.LUMEN_MODELS = previousModels;
  if (root) await rm(root, { recursive: true, force: true });
});

describe('every method’s answer matches its result schema', () => {
  it('over a library with photos, tags, categories and models', async () => {
    await answerOf('addFolder', photosDir);
    await session.indexing.idle();
    await answerOf('getIndexing');
    await answerOf('reindexAll');
    await session.indexing.idle();
    await answerOf('retryFailedFiles');
    await session.indexing.idle();
    await answerOf('controlIndexing', 'pause');
    await answerOf('controlIndexing', 'resume');
    await answerOf('getStatus');
    await answerOf('search', { text: 'a red circle', limit: 5 });
    const page = (await answerOf('listPhotos', { offset: 0, limit: 10 })) as { photos: Array<{ id: number }> };
    const first = page.photos[0]?.id ?? 0;
    await answerOf('getPhoto', first);
    await answerOf('listPhotoDays', {});
    await answerOf('setPhotoMarks', { photos: [first], favourite: true, rating: 4, rotation: 90 });
    await answerOf('getPhotoMarks', [first]);
    await answerOf('listFolderTree');
    await answerOf('listPhotoSpots');
    await answerOf('listDuplicates');

    await answerOf('addTag', { name: 'red things', descriptions: ['something red'] });
    await answerOf('renameTag', { from: 'red things', to: 'red' });
    await answerOf('describeTag', { name: 'red', descriptions: ['a red thing'] });
    await answerOf('tagPhotos', { tag: 'red', photos: [first] });
    await answerOf('getPhotoTags', first);
    await answerOf('listTags');
    await answerOf('startTagRun', { tags: ['red'] });
    await session.tagRun.idle();
    await answerOf('getTagRun');
    await answerOf('cancelTagRun');
    await answerOf('cancelClassify');
    await answerOf('listSuggestions', 'red');
    await answerOf('decideSuggestions', { tag: 'red', decision: 'reject' });
    await answerOf('deleteTag', 'red');
    await answerOf('listHistory');
    await answerOf('undoHistoryEntry', {});

    await answerOf('addCategory', { set: 'shapes', name: 'circle' });
    await answerOf('addCategory', { set: 'shapes', name: 'square', folder: join(root, 'squares') });
    await answerOf('listCategorySets');
    await answerOf('classifyFiles', { into: 'shapes', files: photos.slice(0, 3).map((p) => p.file), action: 'copy' });
    await answerOf('undoLast');
    const bytes = await readFile(photos[3]?.file ?? '');
    await answerOf('classifyImage', { into: 'shapes', name: 'dropped.png', data: bytes.toString('base64') });
    await answerOf('fileIntoCategory', { set: 'shapes', category: 'square', files: photos.slice(0, 1).map((p) => p.file), action: 'copy' });
    await answerOf('editCategory', { set: 'shapes', name: 'square', newName: 'box', descriptions: ['four equal sides'], folder: null });
    await answerOf('deleteCategory', { set: 'shapes', name: 'box' });
    await answerOf('undoLast');

    await answerOf('listModels');
    await answerOf('modelCatalog');
    await answerOf('addModel', await writeReferenceModel(join(root, 'src', 'clip-a'), { family: 'clip', name: 'clip-a' }));
    await answerOf('installModel', { source: await writeReferenceModel(join(root, 'src', 'clip-b'), { family: 'clip', textSeed: 3, name: 'clip-b' }) });
    await answerOf('useModel', 'clip-a');
    await answerOf('removeModel', 'clip-b');
    await answerOf('cancelModelInstall');
    await answerOf('getDevice');
    await answerOf('setDevice', 'cpu');
    await answerOf('setExcludePatterns', ['*.gif', 'Screenshots/']);
    await answerOf('getExcludePatterns');
    await answerOf('moveDuplicates', { photos: [page.photos[1]?.id ?? 0], folder: join(root, 'set aside') });
    await answerOf('removeFolder', photosDir);

    expect([...checked].sort()).toEqual(Object.keys(LUMEN_RESULTS).sort());
  }, 600_000);
});
