/**
 * Property tests of the contract's argument validation (fast-check, fixed seed, bounded
 * runs), through the real dispatcher over a real library with the bundled demo model:
 * - any value, sent to any method (or a method that does not exist), comes back as a Result;
 * - each method's invalid shapes give `bad-argument` with a message naming what is wrong;
 * - each method's valid arbitrary arguments pass its validator, and the dispatcher does not
 *   answer `bad-argument` for them.
 * Arguments that name an existing file or folder are not dispatched (they would index or read
 * real folders of this machine); they are counted and reported.
 */
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LUMEN_METHODS, type LumenMethod } from '../../../src-common/contract';
import { DEVICE_CHOICES } from '../../../src-common/contract-settings';
import type { Result } from '../../../src-common/result';
import { MAX_PAGE_SIZE, MAX_SEARCH_LIMIT, MAX_SEARCH_OFFSET, PHOTO_SORTS } from '../../../src-common/contract-arguments';
import { folderNameProblem } from '../../../src-common/folder-name';
import { validateArgument } from '../../../src-common/validated-dispatcher';
import { createApiDispatcher, lazySession, type ApiDispatcher } from '../../../src-main/node/api/api-handlers';
import type { AppSession } from '../../../src-main/node/api/app-session';
import { LumenServices } from '../../../src-main/node/lumen-services';

const SEED = 20_260_909;
const RUNS_ANY = 2_000;
const RUNS_PER_METHOD = 100;

// ---- arbitraries ----

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const name = fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }).filter((s) => s.trim() !== '' && s.trim().length <= 100 && !CONTROL.test(s));
/** Category names also name folders: no separators, dot names, reserved names (see folderNameProblem). */
const categoryName = name.filter((s) => folderNameProblem(s.trim()) === undefined);
/** Absolute paths under a folder that does not exist, so dispatching them touches nothing. */
const segment = fc.string({ minLength: 1, maxLength: 20, unit: 'grapheme' }).filter((s) => !s.includes('/') && !s.includes('\0') && s.trim() !== '');
const absentPath = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `/lumen-fuzz-absent/${parts.join('/')}`);
const photoId = fc.integer({ min: 1, max: 2 ** 31 - 1 }).chain((small) => fc.constantFrom(small, Number.MAX_SAFE_INTEGER));
const photoIds = fc.array(photoId, { minLength: 1, maxLength: 20 });
const day = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const base64 = fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('base64'));
const descriptions = fc.array(name, { maxLength: 5 });
const modelId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$/).map((id) => `absent-${id}`);

/** Keys the contract uses, so arbitrary objects often look almost right. */
const KEYS = [
  'text',
  'limit',
  'like',
  'textWeight',
  'filters',
  'offset',
  'groupDuplicates',
  'folder',
  'tag',
  'name',
  'descriptions',
  'from',
  'to',
  'photos',
  'tags',
  'decision',
  'set',
  'into',
  'files',
  'action',
  'data',
  'folders',
  'cameras',
  'fileTypes',
  'includeOffline',
  '__proto__',
  'constructor',
  'toString',
];
const leaf = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom('', ' ', '/', '..', '../../etc/passwd', 'a\0b', 'C:\\Windows', '\\\\server\\share', 'cuda', 'pause', 'accept', 'copy'),
  fc.constantFrom(0, -1, -0, 1.5, Number.MAX_SAFE_INTEGER + 2, Infinity, -Infinity, NaN, 1e21),
);
const { value: jsonish } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 5 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 3 }),
  ),
}));
const anyValue = fc.oneof(jsonish, fc.anything({ maxDepth: 3 }));

// ---- per-method specifications ----

interface MethodSpec {
  validate: (arg: unknown) => Result<unknown>;
  /** Arguments the contract accepts. */
  valid: fc.Arbitrary<unknown>;
  /** Arguments it must refuse, with what the message must name. */
  invalid: Array<[fc.Arbitrary<unknown>, RegExp]>;
  /** False for calls whose valid arguments change settings or start long work: validated only. */
  dispatchValid: boolean;
}

const notUndefinedOrNull = anyValue.filter((v) => v !== undefined && v !== null);
const notString = anyValue.filter((v) => typeof v !== 'string');
const notRecord = anyValue.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v));
const notPositiveInteger = anyValue.filter((v) => !(typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= Number.MAX_SAFE_INTEGER));
const relativePath = segment.filter((s) => !s.trim().startsWith('/') && !/^[A-Za-z]:[\\/]/.test(s.trim()) && !s.trim().startsWith('\\\\'));
const badName = fc.oneof(notString, fc.constantFrom('', '   ', 'a\u0000b', 'tab\there', 'x'.repeat(101)));
const noArgument = (): MethodSpec => ({
  validate: (arg) => validateArgument('getStatus', arg),
  valid: fc.constantFrom(undefined, null),
  invalid: [[notUndefinedOrNull, /takes no argument/]],
  dispatchValid: true,
});

const SPECS: Record<LumenMethod, MethodSpec> = {
  getStatus: noArgument(),
  search: {
    validate: (arg) => validateArgument('search', arg),
    valid: fc.record(
      {
        text: fc.string({ minLength: 1, maxLength: 80 }).filter((s) => s.trim() !== ''),
        limit: fc.integer({ min: 1, max: MAX_SEARCH_LIMIT }),
        textWeight: fc.double({ min: 0, max: 1, noNaN: true }),
        offset: fc.integer({ min: 0, max: MAX_SEARCH_OFFSET }),
        groupDuplicates: fc.boolean(),
        filters: fc
          .record(
            {
              folders: fc.array(absentPath, { minLength: 1, maxLength: 3 }),
              cameras: fc.array(name, { maxLength: 3 }),
              fileTypes: fc.array(fc.constantFrom('jpeg', 'PNG', 'webp', 'tiff'), { maxLength: 3 }),
              tags: fc.array(name, { maxLength: 3 }),
              includeOffline: fc.boolean(),
              dates: fc.tuple(day, day).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a })),
            },
            { requiredKeys: [] },
          )
          .map(({ dates, ...rest }) => ({ ...rest, ...(dates ?? {}) })),
      },
      { requiredKeys: ['text', 'limit'] },
    ),
    invalid: [
      [notRecord, /search expects an object/],
      [fc.record({ text: notString.filter((v) => v !== undefined), limit: fc.constant(5) }), /search text must be a string/],
      [
        fc.record({
          text: fc.constant('sea'),
          limit: anyValue.filter((v) => v !== undefined && !(Number.isInteger(v) && (v as number) >= 1 && (v as number) <= MAX_SEARCH_LIMIT)),
        }),
        /limit must be an integer/,
      ],
      [
        fc.record({
          text: fc.constant('sea'),
          limit: fc.constant(5),
          offset: fc.oneof(fc.integer({ max: -1 }), fc.double({ min: 0.1, max: 0.9 }), fc.constant(MAX_SEARCH_OFFSET + 1)),
        }),
        /offset must be/,
      ],
      [
        fc.record({
          text: fc.constant('sea'),
          limit: fc.constant(5),
          textWeight: fc.oneof(fc.double({ min: 1.0001, max: 1e9 }), fc.constant(NaN), fc.string()),
        }),
        /textWeight/,
      ],
      [fc.record({ text: fc.constant('sea'), limit: fc.constant(5), filters: notRecord.filter((v) => v !== undefined) }), /filters must be an object/],
      [
        fc.record({
          text: fc.constant('sea'),
          limit: fc.constant(5),
          filters: fc.record({ from: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/^\d{4}-\d{2}-\d{2}/.test(s.trim())) }),
        }),
        /filters\.from/,
      ],
      [
        fc.record({ text: fc.constant('sea'), limit: fc.constant(5), groupDuplicates: notUndefinedOrNull.filter((v) => typeof v !== 'boolean') }),
        /groupDuplicates/,
      ],
      [fc.record({ text: fc.constant('x'.repeat(1_001)), limit: fc.constant(5) }), /longer than/],
    ],
    dispatchValid: true,
  },
  listPhotos: {
    validate: (arg) => validateArgument('listPhotos', arg),
    valid: fc.record(
      { offset: fc.nat(), limit: fc.integer({ min: 1, max: MAX_PAGE_SIZE }), folder: absentPath, tag: name, sort: fc.constantFrom(...PHOTO_SORTS) },
      { requiredKeys: ['offset', 'limit'] },
    ),
    invalid: [
      [notRecord, /listPhotos expects an object/],
      [fc.record({ offset: fc.integer({ max: -1 }), limit: fc.constant(10) }), /offset must be/],
      [fc.record({ offset: fc.constant(0), limit: fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: MAX_PAGE_SIZE + 1 })) }), /limit must be/],
      [fc.record({ offset: fc.constant(0), limit: fc.constant(10), folder: relativePath }), /folder must be an absolute path/],
      [
        fc.record({ offset: fc.constant(0), limit: fc.constant(10), sort: anyValue.filter((v) => v !== undefined && !PHOTO_SORTS.includes(v as never)) }),
        /sort must be one of/,
      ],
    ],
    dispatchValid: true,
  },
  listPhotoDays: {
    validate: (arg) => validateArgument('listPhotoDays', arg),
    valid: fc.record({ folder: absentPath, tag: name, sort: fc.constantFrom(...PHOTO_SORTS) }, { requiredKeys: [] }),
    invalid: [
      [notRecord, /listPhotoDays expects an object/],
      [fc.record({ sort: anyValue.filter((v) => v !== undefined && !PHOTO_SORTS.includes(v as never)) }), /sort must be one of/],
      [fc.record({ folder: relativePath }), /folder must be an absolute path/],
    ],
    dispatchValid: true,
  },
  getPhotoMarks: {
    validate: (arg) => validateArgument('getPhotoMarks', arg),
    valid: fc.array(photoId, { minLength: 1, maxLength: 5 }),
    invalid: [
      [anyValue.filter((v) => !Array.isArray(v)), /list of 1 to/],
      [fc.constant([]), /list of 1 to/],
      [fc.array(notPositiveInteger, { minLength: 1, maxLength: 3 }), /list of 1 to/],
    ],
    dispatchValid: true,
  },
  setPhotoMarks: {
    validate: (arg) => validateArgument('setPhotoMarks', arg),
    valid: fc.record(
      {
        photos: fc.array(photoId, { minLength: 1, maxLength: 5 }),
        favourite: fc.boolean(),
        rating: fc.integer({ min: 0, max: 5 }),
        rotation: fc.constantFrom(0, 90, 180, 270),
      },
      { requiredKeys: ['photos', 'rating'] },
    ),
    invalid: [
      [notRecord, /setPhotoMarks expects an object/],
      [fc.record({ photos: fc.constant([1]) }), /needs favourite, rating or rotation/],
      [
        fc.record({
          photos: fc.constant([1]),
          rating: anyValue.filter((v) => v !== undefined && !(Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 5)),
        }),
        /rating must be/,
      ],
      [
        fc.record({ photos: fc.constant([1]), rotation: anyValue.filter((v) => v !== undefined && ![0, 90, 180, 270].includes(v as number)) }),
        /rotation must be/,
      ],
    ],
    dispatchValid: true,
  },
  getPhotoTags: { validate: (arg) => validateArgument('getPhotoTags', arg), valid: photoId, invalid: [[notPositiveInteger, /photo id/]], dispatchValid: true },
  listDuplicates: noArgument(),
  listFolderTree: noArgument(),
  listPhotoSpots: noArgument(),
  // Valid moves move files: validated only.
  moveDuplicates: {
    validate: (arg) => validateArgument('moveDuplicates', arg),
    valid: fc.record({ photos: fc.array(photoId, { minLength: 1, maxLength: 5 }), folder: absentPath }),
    invalid: [
      [notRecord, /moveDuplicates expects an object/],
      [fc.record({ photos: fc.constant([]), folder: absentPath }), /photos must be a list of 1 to/],
      [fc.record({ photos: fc.constant([1]), folder: relativePath }), /absolute path/],
    ],
    dispatchValid: false,
  },
  getPhoto: { validate: (arg) => validateArgument('getPhoto', arg), valid: photoId, invalid: [[notPositiveInteger, /photo id/]], dispatchValid: true },
  addFolder: {
    validate: (arg) => validateArgument('addFolder', arg),
    valid: absentPath,
    invalid: [
      [notString, /folder must be a path/],
      [relativePath, /absolute path/],
      [fc.constantFrom('/a\0b', '   '), /folder must be a path/],
    ],
    dispatchValid: true,
  },
  removeFolder: {
    validate: (arg) => validateArgument('addFolder', arg),
    valid: absentPath,
    invalid: [
      [notString, /folder must be a path/],
      [relativePath, /absolute path/],
    ],
    dispatchValid: true,
  },
  reindexAll: noArgument(),
  retryFailedFiles: noArgument(),
  getIndexing: noArgument(),
  controlIndexing: {
    validate: (arg) => validateArgument('controlIndexing', arg),
    valid: fc.constantFrom('pause', 'resume', 'cancel'),
    invalid: [[anyValue.filter((v) => v !== 'pause' && v !== 'resume' && v !== 'cancel'), /indexing action must be one of/]],
    dispatchValid: true,
  },
  listTags: noArgument(),
  addTag: {
    validate: (arg) => validateArgument('addTag', arg),
    valid: fc.record({ name, descriptions }, { requiredKeys: ['name'] }),
    invalid: [
      [notRecord, /addTag expects an object/],
      [fc.record({ name: badName }), /tag name/],
      [fc.record({ name, descriptions: notUndefinedOrNull.filter((v) => !Array.isArray(v)) }), /descriptions must be/],
      [fc.record({ name, threshold: fc.double() }), /addTag does not take "threshold"/],
    ],
    dispatchValid: true,
  },
  renameTag: {
    validate: (arg) => validateArgument('renameTag', arg),
    valid: fc.record({ from: name, to: name }),
    invalid: [
      [notRecord, /renameTag expects/],
      [fc.record({ from: badName, to: name }), /from/],
      [fc.record({ from: name, to: badName }), /\bto\b/],
    ],
    dispatchValid: true,
  },
  deleteTag: { validate: (arg) => validateArgument('deleteTag', arg), valid: name, invalid: [[badName, /tag must be/]], dispatchValid: true },
  tagPhotos: {
    validate: (arg) => validateArgument('tagPhotos', arg),
    valid: fc.record({ tag: name, photos: photoIds }),
    invalid: [
      [notRecord, /tagPhotos expects/],
      [
        fc.record({ tag: name, photos: fc.oneof(fc.constant([]), fc.array(fc.oneof(fc.integer({ max: 0 }), fc.string()), { minLength: 1, maxLength: 3 })) }),
        /photos must be a list/,
      ],
    ],
    dispatchValid: true,
  },
  startTagRun: {
    validate: (arg) => validateArgument('startTagRun', arg),
    valid: fc.oneof(
      fc.record({ tags: fc.array(name, { minLength: 1, maxLength: 5 }), folder: absentPath }, { requiredKeys: ['tags'] }),
      fc.record({ tags: fc.array(name, { minLength: 1, maxLength: 5 }), photos: photoIds }),
    ),
    invalid: [
      [notRecord, /startTagRun expects/],
      [
        fc.record({
          tags: fc.oneof(
            fc.constant([]),
            notUndefinedOrNull.filter((v) => !Array.isArray(v)),
          ),
        }),
        /tags must list/,
      ],
      [fc.record({ tags: fc.constant(['sea']), folder: absentPath, photos: photoIds }), /a folder or photos, not both/],
      [fc.record({ tags: fc.constant(['sea']), folder: relativePath }), /absolute path/],
    ],
    dispatchValid: true,
  },
  getTagRun: noArgument(),
  cancelTagRun: noArgument(),
  cancelClassify: noArgument(),
  listSuggestions: { validate: (arg) => validateArgument('deleteTag', arg), valid: name, invalid: [[badName, /tag must be/]], dispatchValid: true },
  decideSuggestions: {
    validate: (arg) => validateArgument('decideSuggestions', arg),
    valid: fc
      .record({ tag: name, decision: fc.constantFrom('accept', 'reject', 'clear'), photos: photoIds }, { requiredKeys: ['tag', 'decision'] })
      .filter((request) => request.decision !== 'clear' || request.photos !== undefined),
    invalid: [
      [notRecord, /decideSuggestions expects/],
      [fc.record({ tag: name, decision: anyValue.filter((v) => v !== 'accept' && v !== 'reject' && v !== 'clear') }), /decision must be/],
      [fc.record({ tag: name, decision: fc.constant('accept'), photos: fc.constant([0]) }), /photos must be/],
      [fc.record({ tag: name, decision: fc.constant('clear') }), /"clear" needs photos/],
    ],
    dispatchValid: true,
  },
  listCategorySets: noArgument(),
  addCategory: {
    validate: (arg) => validateArgument('addCategory', arg),
    valid: fc.record({ set: name, name: categoryName, descriptions, folder: absentPath }, { requiredKeys: ['set', 'name'] }),
    invalid: [
      [notRecord, /addCategory expects/],
      [fc.record({ set: badName, name: categoryName }), /category set/],
      [fc.record({ set: name, name: badName }), /category name/],
      [fc.record({ set: name, name: fc.constantFrom('../../../x', '..', 'a/b', 'a\\b', 'CON', 'nul.txt', 'x:y', 'end.') }), /cannot be a folder name/],
      [fc.record({ set: name, name: categoryName, examples: fc.array(fc.string()) }), /addCategory does not take "examples"/],
      [fc.record({ set: name, name: categoryName, folder: relativePath }), /absolute path/],
    ],
    dispatchValid: true,
  },
  classifyFiles: {
    validate: (arg) => validateArgument('classifyFiles', arg),
    valid: fc.record(
      { into: name, files: fc.array(absentPath, { minLength: 1, maxLength: 5 }), action: fc.constantFrom('copy', 'move') },
      { requiredKeys: ['into', 'files'] },
    ),
    invalid: [
      [notRecord, /classifyFiles expects/],
      [fc.record({ into: badName, files: fc.constant(['/tmp/a.jpg']) }), /into/],
      [
        fc.record({
          into: name,
          files: fc.oneof(
            fc.constant([]),
            notUndefinedOrNull.filter((v) => !Array.isArray(v)),
          ),
        }),
        /files must list/,
      ],
      [fc.record({ into: name, files: fc.array(relativePath, { minLength: 1, maxLength: 3 }) }), /each file/],
      [fc.record({ into: name, files: fc.constant(['/tmp/a.jpg']), action: fc.string().filter((s) => s !== 'copy' && s !== 'move') }), /action must be/],
    ],
    dispatchValid: true,
  },
  classifyImage: {
    validate: (arg) => validateArgument('classifyImage', arg),
    valid: fc.record({ into: name, name, data: base64 }),
    invalid: [
      [notRecord, /classifyImage expects/],
      [fc.record({ into: name, name: fc.constantFrom('', '  ', 7, null), data: base64 }), /name must be/],
      [
        fc.record({
          into: name,
          name,
          data: fc.oneof(
            fc.string({ minLength: 1 }).filter((s) => s.length % 4 !== 0),
            fc.constant('!!!!'),
            fc.array(fc.nat()),
          ),
        }),
        /data must be/,
      ],
    ],
    dispatchValid: true,
  },
  undoLast: noArgument(),
  describeTag: {
    validate: (arg) => validateArgument('describeTag', arg),
    valid: fc.record({ name, descriptions }),
    invalid: [
      [notRecord, /describeTag expects/],
      [fc.record({ name: badName, descriptions }), /tag must be/],
      [fc.record({ name, descriptions: fc.constantFrom(['  '], 'sea', [7]) }), /descriptions must be/],
    ],
    dispatchValid: true,
  },
  editCategory: {
    validate: (arg) => validateArgument('editCategory', arg),
    valid: fc.record(
      { set: name, name, newName: categoryName, descriptions, folder: fc.oneof(absentPath, fc.constant(null)) },
      { requiredKeys: ['set', 'name'] },
    ),
    invalid: [
      [notRecord, /editCategory expects/],
      [fc.record({ set: badName, name }), /category set/],
      [fc.record({ set: name, name, newName: fc.constantFrom('..', 'a/b', 'CON') }), /cannot be a folder name/],
      [fc.record({ set: name, name, folder: relativePath }), /absolute path/],
    ],
    dispatchValid: true,
  },
  deleteCategory: {
    validate: (arg) => validateArgument('deleteCategory', arg),
    valid: fc.record({ set: name, name }),
    invalid: [
      [notRecord, /deleteCategory expects/],
      [fc.record({ set: name, name: badName }), /category must be/],
    ],
    dispatchValid: true,
  },
  fileIntoCategory: {
    validate: (arg) => validateArgument('fileIntoCategory', arg),
    valid: fc.record({ set: name, category: name, files: fc.array(absentPath, { minLength: 1, maxLength: 5 }), action: fc.constantFrom('copy', 'move') }),
    invalid: [
      [notRecord, /fileIntoCategory expects/],
      [fc.record({ set: name, category: name, files: fc.constant([]), action: fc.constant('copy') }), /files must list/],
      [fc.record({ set: name, category: name, files: fc.constant(['/tmp/a.jpg']), action: fc.constantFrom('link', undefined) }), /action must be/],
    ],
    dispatchValid: true,
  },
  listModels: noArgument(),
  useModel: {
    validate: (arg) => validateArgument('useModel', arg),
    valid: modelId,
    invalid: [[fc.oneof(notString, fc.constantFrom('', '../../etc', 'a/b', '.hidden', 'x'.repeat(101), 'a b')), /model id/]],
    dispatchValid: true,
  },
  // The folder's name becomes the model id, which the service checks (bad-argument) after validation.
  addModel: {
    validate: (arg) => validateArgument('addFolder', arg),
    valid: fc.tuple(absentPath, modelId).map(([path, id]) => `${path}/${id}`),
    invalid: [
      [notString, /folder must be/],
      [relativePath, /absolute path/],
    ],
    dispatchValid: true,
  },
  getDevice: noArgument(),
  setDevice: {
    validate: (arg) => validateArgument('setDevice', arg),
    valid: fc.constantFrom(...DEVICE_CHOICES),
    invalid: [[anyValue.filter((v) => !(DEVICE_CHOICES as readonly unknown[]).includes(v)), /device must be one of/]],
    // A valid choice reloads the model on that device: validated here, dispatched by the settings tests.
    dispatchValid: false,
  },
  modelCatalog: noArgument(),
  installModel: {
    validate: (arg) => validateArgument('installModel', arg),
    valid: fc.record({ source: fc.constantFrom('clip-vit-b32', 'Xenova/clip-vit-base-patch32', '/models/clip') }),
    invalid: [
      [notRecord, /installModel expects an object/],
      [fc.record({ source: fc.constantFrom('', '   ') }), /model source must be/],
      [fc.record({ source: fc.constant('clip-vit-b32'), variant: fc.constantFrom('', 'FP32', 'a b') }), /variant must be/],
    ],
    // A valid source downloads a model: validated here, dispatched by the install tests against the loopback hub.
    dispatchValid: false,
  },
  cancelModelInstall: noArgument(),
  getExcludePatterns: noArgument(),
  setExcludePatterns: {
    validate: (arg) => validateArgument('setExcludePatterns', arg),
    valid: fc.array(fc.constantFrom('*.gif', 'Screenshots/', '/2019/raw/', '!keep.jpg'), { maxLength: 4 }),
    invalid: [
      [
        fc.oneof(
          notString.filter((value) => !Array.isArray(value)),
          fc.constant('*.gif'),
        ),
        /setExcludePatterns takes a list/,
      ],
      [fc.array(fc.integer(), { minLength: 1, maxLength: 3 }), /setExcludePatterns takes a list/],
    ],
    dispatchValid: true,
  },
  listHistory: noArgument(),
  undoHistoryEntry: {
    validate: (arg) => validateArgument('undoHistoryEntry', arg),
    valid: fc.record({ id: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }) }, { requiredKeys: [] }),
    invalid: [
      [notRecord, /undoHistoryEntry expects/],
      [fc.record({ id: notPositiveInteger.filter((v) => v !== undefined) }), /id must be/],
    ],
    // Undoing changes the library: validated only.
    dispatchValid: false,
  },
  removeModel: {
    validate: (arg) => validateArgument('removeModel', arg),
    valid: modelId,
    invalid: [[fc.oneof(notString, fc.constantFrom('', '../../etc', 'a/b')), /model id/]],
    dispatchValid: true,
  },
};

// ---- helpers ----

/** For messages: any value, even objects without a prototype or with cycles. */
function show(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 200) ?? typeof value;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
  if (r.ok === true) return 'value' in r;
  return r.ok === false && typeof r.error?.code === 'string' && typeof r.error.message === 'string' && r.error.message.length > 0;
}

/** True when some string inside `value` names a file or folder that exists here. */
function namesExistingPath(value: unknown, depth = 0): boolean {
  if (depth > 8) return false;
  if (typeof value === 'string') return value.trim() !== '' && !value.includes('\0') && existsSync(value.trim());
  if (Array.isArray(value)) return value.some((v) => namesExistingPath(v, depth + 1));
  if (typeof value === 'object' && value !== null) return Object.values(value).some((v) => namesExistingPath(v, depth + 1));
  return false;
}

const options = (numRuns: number) => ({ seed: SEED, numRuns, endOnFailure: true });

let dispatch: ApiDispatcher;
let session: () => Promise<AppSession>;
const tally = { any: 0, anyNotDispatched: 0, invalid: 0, valid: 0, validDispatched: 0 };

beforeAll(async () => {
  const libraryDir = await mkdtemp(join(tmpdir(), 'lumen-props-'));
  session = lazySession(() => LumenServices.open({ libraryDir }));
  dispatch = createApiDispatcher(session);
  await session();
});

afterAll(async () => {
  console.log(
    `contract properties (seed ${SEED}, ${LUMEN_METHODS.length} methods): ${tally.any} arbitrary calls (${tally.anyNotDispatched} naming existing paths validated only), ` +
      `${tally.invalid} invalid arguments refused, ${tally.valid} valid arguments accepted (${tally.validDispatched} dispatched); ` +
      `${tally.any + tally.invalid + tally.valid} cases in all`,
  );
  await (await session()).dispose();
});

describe('contract argument validation (property-based)', () => {
  it('covers every method of the contract', () => {
    expect(Object.keys(SPECS).sort()).toEqual([...LUMEN_METHODS].sort());
  });

  it('answers any value sent to any method, or to no method, with a Result', async () => {
    const method = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...LUMEN_METHODS) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) });
    await fc.assert(
      fc.asyncProperty(method, anyValue, async (m, arg) => {
        tally.any++;
        const spec = (SPECS as Record<string, MethodSpec | undefined>)[m];
        if (namesExistingPath(arg) || (m === 'setDevice' && spec?.validate(arg).ok)) {
          tally.anyNotDispatched++;
          expect(isResult(spec?.validate(arg) ?? { ok: false, error: { code: 'x', message: 'x' } })).toBe(true);
          return;
        }
        let answer: unknown;
        try {
          answer = await dispatch(m, arg);
        } catch (error) {
          throw new Error(`${m} threw instead of answering: ${(error as Error).message}`);
        }
        expect(isResult(answer), `${m}(${show(arg)})`).toBe(true);
        if (!spec) expect(answer).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
        else if (!spec.validate(arg).ok) expect(answer).toMatchObject({ ok: false, error: { code: 'bad-argument' } });
      }),
      options(RUNS_ANY),
    );
  });

  for (const method of LUMEN_METHODS) {
    const spec = SPECS[method];

    it(`${method}: refuses invalid shapes with bad-argument naming the problem`, async () => {
      for (const [arbitrary, names] of spec.invalid) {
        await fc.assert(
          fc.asyncProperty(arbitrary, async (arg) => {
            tally.invalid++;
            const checked = spec.validate(arg);
            expect(checked.ok, `${method} accepted ${show(arg)}`).toBe(false);
            if (!checked.ok) {
              expect(checked.error.code).toBe('bad-argument');
              expect(checked.error.message).toMatch(names);
            }
            if (!namesExistingPath(arg)) expect(await dispatch(method, arg)).toEqual(checked);
          }),
          options(Math.ceil(RUNS_PER_METHOD / spec.invalid.length)),
        );
      }
    });

    it(`${method}: accepts valid arbitrary arguments`, async () => {
      await fc.assert(
        fc.asyncProperty(spec.valid, async (arg) => {
          tally.valid++;
          const checked = spec.validate(arg);
          expect(checked.ok ? 'ok' : checked.error.message, `${method}(${show(arg)})`).toBe('ok');
          if (!spec.dispatchValid) return;
          tally.validDispatched++;
          const answer = await dispatch(method, arg);
          expect(isResult(answer)).toBe(true);
          if (!answer.ok) expect(answer.error.code, `${method}(${show(arg)}): ${answer.error.message}`).not.toBe('bad-argument');
        }),
        options(RUNS_PER_METHOD),
      );
    });
  }
});
