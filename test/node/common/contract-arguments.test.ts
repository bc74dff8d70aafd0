/**
 * The contract's argument schemas, method by method from the one table: every method refuses a key
 * it does not take (and the search filters too), so a typo is an error and not an option quietly
 * dropped; the valid example of each method passes.
 */
import { describe, expect, it } from 'vitest';
import { LUMEN_METHODS, type LumenMethod } from '../../../src-common/contract';
import { LUMEN_ARGUMENTS } from '../../../src-common/contract-methods';
import { validateArgument } from '../../../src-common/validated-dispatcher';

/** A valid argument of every method (the type makes the table name each one). */
const EXAMPLES: Record<LumenMethod, unknown> = {
  getStatus: undefined,
  search: { text: 'red circle', limit: 5, filters: { tags: ['sea'] } },
  listPhotos: { offset: 0, limit: 10 },
  getPhoto: 1,
  listPhotoDays: { sort: 'taken-asc' },
  getPhotoMarks: [1, 2],
  getPhotoTags: 1,
  listDuplicates: undefined,
  moveDuplicates: { photos: [2, 3], folder: '/photos-set-aside' },
  listFolderTree: undefined,
  listPhotoSpots: undefined,
  setPhotoMarks: { photos: [1], favourite: true, rating: 4, rotation: 90 },
  addFolder: '/photos',
  removeFolder: '/photos',
  reindexAll: undefined,
  retryFailedFiles: undefined,
  getIndexing: undefined,
  controlIndexing: 'pause',
  listTags: undefined,
  addTag: { name: 'sea' },
  renameTag: { from: 'sea', to: 'ocean' },
  deleteTag: 'sea',
  tagPhotos: { tag: 'sea', photos: [1] },
  startTagRun: { tags: ['sea'] },
  getTagRun: undefined,
  cancelTagRun: undefined,
  cancelClassify: undefined,
  listSuggestions: 'sea',
  decideSuggestions: { tag: 'sea', decision: 'accept' },
  listCategorySets: undefined,
  addCategory: { set: 'kinds', name: 'beach' },
  classifyFiles: { into: 'kinds', files: ['/photos/a.jpg'] },
  classifyImage: { into: 'kinds', name: 'a.jpg', data: 'AAAA' },
  undoLast: undefined,
  describeTag: { name: 'sea', descriptions: ['sand and sea'] },
  editCategory: { set: 'kinds', name: 'beach', newName: 'shore', descriptions: [], folder: null },
  deleteCategory: { set: 'kinds', name: 'beach' },
  fileIntoCategory: { set: 'kinds', category: 'beach', files: ['/photos/a.jpg'], action: 'copy' },
  listModels: undefined,
  useModel: 'clip-b32',
  addModel: '/models/clip',
  getDevice: undefined,
  setDevice: 'cpu',
  modelCatalog: undefined,
  installModel: { source: 'clip-vit-b32' },
  removeModel: 'clip-b32',
  cancelModelInstall: undefined,
  getExcludePatterns: undefined,
  setExcludePatterns: ['*.gif', 'Screenshots/'],
  listHistory: undefined,
  undoHistoryEntry: { id: 3 },
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

describe('contract arguments', () => {
  it('has one schema per method of the API, and no other', () => {
    expect(Object.keys(LUMEN_ARGUMENTS).sort()).toEqual([...LUMEN_METHODS].sort());
  });

  it.each([...LUMEN_METHODS])('%s accepts its example and refuses a key it does not take', (method) => {
    const example = EXAMPLES[method];
    expect(validateArgument(method, example)).toMatchObject({ ok: true });
    const withTypo = isObject(example) ? { ...example, unexpectedKey: 1 } : { unexpectedKey: 1 };
    const refused = validateArgument(method, withTypo);
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad-argument' } });
    // An object-taking method names the key; the others say what they take instead.
    if (isObject(example) && !refused.ok) expect(refused.error.message).toContain('"unexpectedKey"');
  });

  it('refuses the typos that used to be dropped: classifyFiles { acton } and search { limt }', () => {
    expect(validateArgument('classifyFiles', { into: 'kinds', files: ['/photos/a.jpg'], acton: 'move' })).toEqual({
      ok: false,
      error: { code: 'bad-argument', message: 'classifyFiles does not take "acton"' },
    });
    expect(validateArgument('search', { text: 'sea', limt: 5 })).toEqual({
      ok: false,
      error: { code: 'bad-argument', message: 'search does not take "limt"' },
    });
    expect(validateArgument('search', { text: 'sea', filters: { tag: ['x'] } })).toEqual({
      ok: false,
      error: { code: 'bad-argument', message: 'filters does not take "tag"' },
    });
  });

  it('normalizes what it accepts, and names a missing field with its own sentence', () => {
    expect(validateArgument('search', { text: '  sea ', like: [], filters: { fileTypes: ['JPG'], from: '2024-01-01 10:00' } })).toEqual({
      ok: true,
      value: { text: 'sea', limit: 20, filters: { fileTypes: ['jpg'], from: '2024-01-01T10:00' } },
    });
    expect(validateArgument('addTag', { name: ' sea ', descriptions: [] })).toEqual({ ok: true, value: { name: 'sea' } });
    expect(validateArgument('addTag', {})).toEqual({ ok: false, error: { code: 'bad-argument', message: 'tag name must be a string' } });
    expect(validateArgument('addTag', [])).toEqual({ ok: false, error: { code: 'bad-argument', message: 'addTag expects an object { name, descriptions? }' } });
  });
});
