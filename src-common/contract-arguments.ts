/**
 * The contract's arguments, each defined once as a schema: the TypeScript types of the requests
 * (contract*.ts) are derived from these, and the one dispatcher (validated-dispatcher.ts) parses
 * every call's argument with them before any work. Parsing also normalizes (trims, lower-cases file
 * types, fills the search limit) and only given fields appear, so callers can tell defaults from choices.
 */
import * as v from 'valibot';
import { DEVICE_CHOICES } from './contract-settings';
import { folderNameProblem } from './folder-name';
import { MapAreaSchema } from './contract-library-views-arguments';
import type { Result } from './result';
import { absolutePathSchema, booleanSchema, choiceSchema, integerIn, integerSchema, MAX_NAME_LENGTH, nameSchema, parseArgument, strict } from './schema-kit';

export { MAX_NAME_LENGTH, MAX_PATH_LENGTH } from './schema-kit';

export const MAX_QUERY_LENGTH = 1_000;
export const MAX_SEARCH_LIMIT = 1_000;
export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_OFFSET = 100_000;
export const MAX_EXAMPLE_PHOTOS = 100;
const MAX_FILTER_VALUES = 100;
const DATE_OR_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;
export const MAX_PAGE_SIZE = 2_000;
export const MAX_DESCRIPTIONS = 20;
export const MAX_DESCRIPTION_LENGTH = 200;
/** Photos one call may tag, decide or run over (a big selection still fits). */
export const MAX_PHOTO_IDS = 10_000;
export const MAX_TAGS_PER_RUN = 100;
/** Files one classify call takes: a drop of many files is sent in several calls. */
export const MAX_CLASSIFY_FILES = 200;
/** Base64 characters of one dropped image: about 750 KB of bytes, inside the server's 1 MiB request bodies. */
export const MAX_IMAGE_BASE64 = 1_000_000;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** Installed model ids as `lumen model add` makes them: letters, digits, dot, dash, underscore. */
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

// ---- shared parts ----

export const FolderPathSchema = absolutePathSchema('folder');
export const PhotoIdSchema = integerSchema(1, Number.MAX_SAFE_INTEGER, 'photo id must be a positive integer');

const photoIdList = (what = 'photos') =>
  v.custom<number[]>(
    (value) => Array.isArray(value) && value.length > 0 && value.length <= MAX_PHOTO_IDS && value.every((id) => integerIn(id, 1, Number.MAX_SAFE_INTEGER)),
    `${what} must be a list of 1 to ${MAX_PHOTO_IDS} photo ids`,
  );

/** Plain-words descriptions (of a tag or a category), each trimmed. */
export const DescriptionListSchema = v.pipe(
  v.custom<string[]>(
    (value) =>
      Array.isArray(value) &&
      value.length <= MAX_DESCRIPTIONS &&
      value.every((d) => typeof d === 'string' && d.trim() !== '' && d.length <= MAX_DESCRIPTION_LENGTH),
    `descriptions must be a list of at most ${MAX_DESCRIPTIONS} non-empty strings of up to ${MAX_DESCRIPTION_LENGTH} characters`,
  ),
  v.transform((list) => list.map((d) => d.trim())),
);

/** A category name: a valid name that can also serve as the name of its folder. */
export const CategoryNameSchema = v.pipe(
  nameSchema('category name'),
  v.check(
    (name) => folderNameProblem(name) === undefined,
    (issue) => `category name ${JSON.stringify(issue.input)} cannot be a folder name: ${folderNameProblem(issue.input) ?? ''}`,
  ),
);

/** Drops a list that came empty (as if not given), so the request says only what was chosen. */
function withoutEmpty<T extends Record<string, unknown>, K extends keyof T>(request: T, key: K): T {
  const value = request[key];
  if (Array.isArray(value) && value.length === 0) {
    const { [key]: _dropped, ...rest } = request;
    return rest as T;
  }
  return request;
}

// ---- search ----

const stringList = (what: string) =>
  v.pipe(
    v.custom<string[]>(
      (value) => Array.isArray(value) && value.length <= MAX_FILTER_VALUES && value.every((item) => typeof item === 'string' && item.trim() !== ''),
      `${what} must be a list of at most ${MAX_FILTER_VALUES} non-empty strings`,
    ),
    v.transform((list) => list.map((item) => item.trim())),
  );

const dateBound = (what: string) =>
  v.pipe(
    v.custom<string>(
      (value) => typeof value === 'string' && DATE_OR_TIME.test(value.trim()) && !Number.isNaN(Date.parse(value.trim().slice(0, 10))),
      (issue) => `${what} must be a date like 2024-07-14 (or 2024-07-14T18:30), not ${JSON.stringify(issue.input)}`,
    ),
    v.transform((value) => value.trim().replace(' ', 'T')),
  );

/** Narrow any search; all given filters must hold. */
export const SearchFiltersSchema = v.pipe(
  strict('filters', 'filters must be an object', {
    /** Photos anywhere under these folders (recursive). */
    folders: v.optional(stringList('filters.folders')),
    /** Capture date from (inclusive), `YYYY-MM-DD` or a full ISO time. */
    from: v.optional(dateBound('filters.from')),
    /** Capture date to (inclusive), `YYYY-MM-DD` or a full ISO time. */
    to: v.optional(dateBound('filters.to')),
    /** Words matched against camera make and model, case-insensitive ("canon", "iphone 12"). */
    cameras: v.optional(stringList('filters.cameras')),
    /** Decoded formats as the library records them: jpeg, png, webp, tiff, gif, heif. */
    fileTypes: v.optional(
      v.pipe(
        stringList('filters.fileTypes'),
        v.transform((list) => list.map((t) => t.toLowerCase())),
      ),
    ),
    /** Accepted tags the photo must all have. */
    tags: v.optional(stringList('filters.tags')),
    /** Places (town or country, "Lisbon", "Portugal", "sao paulo"): photos taken in any of them, by their GPS. */
    places: v.optional(stringList('filters.places')),
    /** Photos in folders that cannot be reached right now are left out unless this is true. */
    includeOffline: v.optional(booleanSchema('filters.includeOffline must be true or false')),
    /**
     * With from/to: also keep photos without a capture date (none in the file, beside it or in its
     * name; the file's time is only a guess), which the dates cannot place; hits mark them undated.
     */
    includeUndated: v.optional(booleanSchema('filters.includeUndated must be true or false')),
    /** Leaves out the photos of these library folders (one whose removal can still be undone). */
    exceptFolders: v.optional(stringList('filters.exceptFolders')),
  }),
  v.check(
    (filters) => !(filters.from && filters.to && filters.from.slice(0, 10) > filters.to.slice(0, 10)),
    (issue) => `filters.from (${issue.input.from ?? ''}) is after filters.to (${issue.input.to ?? ''})`,
  ),
);

export const SearchRequestSchema = v.pipe(
  strict('search', 'search expects an object { text, limit }', {
    /** Words, with `-word` or `-"two words"` for what to avoid. May be empty when `like` is given. */
    text: v.optional(v.pipe(v.string('search text must be a string'), v.trim())),
    limit: v.optional(integerSchema(1, MAX_SEARCH_LIMIT, `limit must be an integer from 1 to ${MAX_SEARCH_LIMIT}`), DEFAULT_SEARCH_LIMIT),
    /** Example photos ("more like this"): library photo ids or file paths (a file outside the library is embedded on the fly). */
    like: v.optional(
      v.custom<Array<number | string>>(
        (value) =>
          Array.isArray(value) &&
          value.length <= MAX_EXAMPLE_PHOTOS &&
          value.every((item) => integerIn(item, 1, Number.MAX_SAFE_INTEGER) || (typeof item === 'string' && item.trim() !== '')),
        `like must be a list of at most ${MAX_EXAMPLE_PHOTOS} photo ids or file paths`,
      ),
    ),
    /** With both text and examples: the share of the text in the query (0…1, default 0.5). */
    textWeight: v.optional(v.custom<number>((value) => typeof value === 'number' && value >= 0 && value <= 1, 'textWeight must be a number from 0 to 1')),
    filters: v.optional(SearchFiltersSchema),
    /** Hits to skip, for paging. */
    offset: v.optional(integerSchema(0, MAX_SEARCH_OFFSET, `offset must be an integer from 0 to ${MAX_SEARCH_OFFSET}`)),
    /** Fold near-identical photos (same content, or cosine ≥ 0.97) under the best of them. */
    groupDuplicates: v.optional(booleanSchema('groupDuplicates must be true or false')),
  }),
  v.check((request) => (request.text ?? '') !== '' || (request.like ?? []).length > 0, 'search needs words or example photos (like)'),
  v.check((request) => (request.text ?? '').length <= MAX_QUERY_LENGTH, `search text is longer than ${MAX_QUERY_LENGTH} characters`),
  v.transform((request) => withoutEmpty({ ...request, text: request.text ?? '' }, 'like')),
);

// ---- the window: photos and indexing ----

/** The grid's orders: capture time (newest or oldest first, undated last), file name, or most recently added first. */
export const PHOTO_SORTS = ['taken-desc', 'taken-asc', 'name', 'added'] as const;
const PhotoSortSchema = choiceSchema(PHOTO_SORTS, `sort must be one of ${PHOTO_SORTS.join(', ')}`);

/** Which photos a listing shows and in what order: the grid's pages and its date headings take the same fields. */
const photoListingEntries = {
  /** Only photos of this library folder (a root path as `getStatus` lists it) or of a folder inside one, subfolders included. */
  folder: v.optional(FolderPathSchema),
  /** Only photos taken in this place (a town or country, as the search filters' `places`). */
  place: v.optional(
    v.pipe(
      v.custom<string>(
        (value) => typeof value === 'string' && value.trim() !== '' && value.length <= MAX_NAME_LENGTH,
        `place must be a town or country of 1 to ${MAX_NAME_LENGTH} characters`,
      ),
      v.trim(),
    ),
  ),
  /** Only photos whose GPS position is inside this rectangle of the map. */
  area: v.optional(MapAreaSchema),
  /** Only photos with this accepted tag (the search filters' `tags`). */
  tag: v.optional(
    v.pipe(
      v.custom<string>(
        (value) => typeof value === 'string' && value.trim() !== '' && value.length <= MAX_NAME_LENGTH,
        `tag must be a tag name of 1 to ${MAX_NAME_LENGTH} characters`,
      ),
      v.trim(),
    ),
  ),
  /** Only photos filed into this category of this set (by classify or by hand). */
  category: v.optional(strict('category', 'category must be an object { set, name }', { set: nameSchema('category set'), name: nameSchema('category') })),
  /** Newest capture first when left out. */
  sort: v.optional(PhotoSortSchema),
  /** Only favourites. */
  favourites: v.optional(v.literal(true, 'favourites must be true when given')),
  /** Only photos rated at least this many stars. */
  minRating: v.optional(integerSchema(1, 5, 'minRating must be a whole number of stars from 1 to 5')),
  /** Leaves out the photos of these library folders (one whose removal can still be undone). */
  exceptFolders: v.optional(stringList('exceptFolders')),
};

export const PhotoPageRequestSchema = strict('listPhotos', 'listPhotos expects an object { offset, limit }', {
  offset: integerSchema(0, Number.MAX_SAFE_INTEGER, 'offset must be a non-negative integer'),
  limit: integerSchema(1, MAX_PAGE_SIZE, `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`),
  ...photoListingEntries,
});

export const PhotoListingRequestSchema = strict(
  'listPhotoDays',
  'listPhotoDays expects an object { folder?, place?, area?, tag?, category?, sort?, favourites?, minRating?, exceptFolders? }',
  photoListingEntries,
);

export const IndexingActionSchema = choiceSchema(['pause', 'resume', 'cancel'], 'indexing action must be one of pause, resume, cancel');

// ---- tags and categories ----

export const TagNameSchema = nameSchema('tag');

export const NewTagRequestSchema = v.pipe(
  strict('addTag', 'addTag expects an object { name, descriptions? }', {
    name: nameSchema('tag name'),
    /** Extra words that say what the tag means ("sea and sand"); the name always counts. */
    descriptions: v.optional(DescriptionListSchema),
  }),
  v.transform((request) => withoutEmpty(request, 'descriptions')),
);

export const RenameTagRequestSchema = strict('renameTag', 'renameTag expects an object { from, to }', {
  from: nameSchema('from'),
  to: nameSchema('to'),
});

/** Tag photos by hand: they become accepted examples the tag learns from. */
export const TagPhotosRequestSchema = strict('tagPhotos', 'tagPhotos expects an object { tag, photos }', {
  tag: nameSchema('tag'),
  photos: photoIdList(),
});

/** An auto-tag run: chosen tags over a folder, chosen photos, or (neither) the whole library. */
export const TagRunRequestSchema = v.pipe(
  strict('startTagRun', 'startTagRun expects an object { tags, folder?, photos? }', {
    tags: v.pipe(
      v.custom<unknown[]>(
        (value) => Array.isArray(value) && value.length > 0 && value.length <= MAX_TAGS_PER_RUN,
        `tags must list 1 to ${MAX_TAGS_PER_RUN} tag names`,
      ),
      v.array(nameSchema('tag')),
      v.transform((names) => [...new Set(names)]),
    ),
    folder: v.optional(FolderPathSchema),
    photos: v.optional(photoIdList()),
  }),
  v.check((request) => request.folder === undefined || request.photos === undefined, 'give a folder or photos, not both'),
);

export const SuggestionDecisionSchema = v.pipe(
  strict('decideSuggestions', 'decideSuggestions expects an object { tag, decision, photos? }', {
    tag: nameSchema('tag'),
    /** `clear` takes back an earlier decision on the photos given: they are suggestions again. */
    decision: choiceSchema(['accept', 'reject', 'clear'], 'decision must be "accept", "reject" or "clear"'),
    /** Photo ids of the suggestions decided; absent: every current suggestion of the tag (not with `clear`). */
    photos: v.optional(photoIdList()),
  }),
  v.check((request) => request.decision !== 'clear' || request.photos !== undefined, 'decision "clear" needs photos: the ones whose decision to clear'),
);

export const NewCategoryRequestSchema = v.pipe(
  strict('addCategory', 'addCategory expects an object { set, name, descriptions?, folder? }', {
    /** The category set (created when new). */
    set: nameSchema('category set'),
    name: CategoryNameSchema,
    descriptions: v.optional(DescriptionListSchema),
    /** Where filed photos of this category go; default: a subfolder named after it next to each photo. */
    folder: v.optional(FolderPathSchema),
  }),
  v.transform((request) => withoutEmpty(request, 'descriptions')),
);

/** Classify files by path (desktop drops, library thumbnails); with `action`, file them too. */
export const ClassifyFilesRequestSchema = strict('classifyFiles', 'classifyFiles expects an object { into, files, action? }', {
  into: nameSchema('into'),
  files: v.pipe(
    v.custom<unknown[]>(
      (value) => Array.isArray(value) && value.length > 0 && value.length <= MAX_CLASSIFY_FILES,
      `files must list 1 to ${MAX_CLASSIFY_FILES} file paths`,
    ),
    v.array(absolutePathSchema('each file')),
  ),
  action: v.optional(choiceSchema(['copy', 'move'], 'action must be "copy" or "move"')),
});

/** Classify one dropped image that has no path (a browser drop): its bytes as base64. Never filed. */
export const ClassifyImageRequestSchema = strict('classifyImage', 'classifyImage expects an object { into, name, data }', {
  into: nameSchema('into'),
  name: v.pipe(
    v.custom<string>((value) => typeof value === 'string' && value.trim() !== '', 'name must be the dropped file name'),
    v.transform((name) => name.trim().slice(0, 255)),
  ),
  /**
   * The image file's bytes, base64; at most MAX_IMAGE_BASE64 characters (fits the server's 1 MiB bodies).
   * An empty file is taken: the answer says it is empty, so one empty file in a drop does not refuse the others.
   */
  data: v.custom<string>(
    (data) => typeof data === 'string' && data.length <= MAX_IMAGE_BASE64 && data.length % 4 === 0 && BASE64.test(data),
    `data must be the image's bytes in base64, at most ${MAX_IMAGE_BASE64} characters`,
  ),
});

// ---- settings ----

export const ModelIdSchema = v.custom<string>(
  (value) => typeof value === 'string' && MODEL_ID.test(value),
  'model id must be 1 to 100 letters, digits, dots, dashes or underscores',
);

export const DeviceChoiceSchema = choiceSchema(DEVICE_CHOICES, `device must be one of ${DEVICE_CHOICES.join(', ')}`);

const MODEL_SOURCE_MAX = 2000;
const MODEL_VARIANT = /^[a-z0-9-]{1,20}$/;

/** A model to install: what `lumen model add` takes (catalogue id, hub id or URL, folder), checked for shape only; the installer reads it. */
export const InstallModelRequestSchema = strict('installModel', 'installModel expects an object { source, variant? }', {
  source: v.custom<string>(
    (value) => typeof value === 'string' && value.trim().length > 0 && value.length <= MODEL_SOURCE_MAX && !value.includes('\0'),
    `model source must be a catalogue id, a hub id or URL, or a folder (1 to ${MODEL_SOURCE_MAX} characters)`,
  ),
  /** Tower precision (`fp32`, `quantized`, `fp16`, `q4`, …); default the catalogue's recommendation, or fp32. */
  variant: v.optional(
    v.custom<string>((value) => typeof value === 'string' && MODEL_VARIANT.test(value), 'variant must be a precision such as fp32, quantized or fp16'),
  ),
});

/** A category name as the services take it (also from the CLI, which names categories directly). */
export function validateCategoryName(input: unknown): Result<string> {
  return parseArgument(CategoryNameSchema, input);
}
