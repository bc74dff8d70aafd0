/**
 * What only the command line does (an index run in the foreground, classifying any number of files
 * with a dry run, tag thresholds, merges and exports, photos named by path, category examples), as
 * calls with schemas and handlers like the contract's, dispatched by the same function
 * (createSchemaDispatcher): the CLI reaches the services through no other way. Progress goes out as
 * events on the session's hub, as the window's does.
 */
import * as v from 'valibot';
import type { CancellationToken } from '../../../src-common/cancellation';
import type { CategorySetSummary, ClassifyResponse, IndexSummary, TagExportSummary, TagRunSummary, TagSummary } from '../../../src-common/contract';
import { CategoryNameSchema, DescriptionListSchema, MAX_TAGS_PER_RUN } from '../../../src-common/contract-arguments';
import { absolutePathSchema, booleanSchema, choiceSchema, nameSchema, strict, type ArgumentSchema } from '../../../src-common/schema-kit';
import type { SchemaHandlers } from '../../../src-common/validated-dispatcher';
import type { AppSession } from '../api/app-session';

/** Files, folders or photos named on the command line: as many as given, each an absolute path (the CLI resolves them). */
function pathList(what: string) {
  return v.pipe(
    v.custom<unknown[]>((value) => Array.isArray(value) && value.length > 0, `${what} must list at least one path`),
    v.array(absolutePathSchema(`each of ${what}`)),
  );
}

const descriptions = v.optional(DescriptionListSchema);

const probability = (what: string, min: number, max: number) =>
  v.custom<number>((value) => typeof value === 'number' && value >= min && value <= max, `${what} must be a number from ${min} to ${max}`);

const tagNames = v.pipe(
  v.custom<unknown[]>(
    (value) => Array.isArray(value) && value.length > 0 && value.length <= MAX_TAGS_PER_RUN,
    `tags must list 1 to ${MAX_TAGS_PER_RUN} tag names`,
  ),
  v.array(nameSchema('tag')),
);

/** Where a tag run or an export looks: a folder or photos by path, not both; neither means the whole library. */
const scopeEntries = { folder: v.optional(absolutePathSchema('folder')), photos: v.optional(pathList('photos')) };

export const CLI_ARGUMENTS = {
  indexFolders: strict('indexFolders', 'indexFolders expects an object { folders, retryErrors?, refreshMetadata? }', {
    folders: pathList('folders'),
    retryErrors: v.optional(booleanSchema('retryErrors must be true or false')),
    refreshMetadata: v.optional(booleanSchema('refreshMetadata must be true or false')),
  }),
  classifyFiles: v.pipe(
    strict('classifyFiles', 'classifyFiles expects an object { into, files, action?, dryRun? }', {
      into: nameSchema('into'),
      files: pathList('files'),
      action: v.optional(choiceSchema(['copy', 'move'], 'action must be "copy" or "move"')),
      dryRun: v.optional(booleanSchema('dryRun must be true or false')),
    }),
    v.check((request) => !request.dryRun || request.action !== undefined, '--dry-run goes with --move or --copy'),
  ),
  addTagWithThreshold: strict('addTagWithThreshold', 'addTagWithThreshold expects an object { name, descriptions?, threshold }', {
    name: nameSchema('tag name'),
    descriptions,
    threshold: probability('--threshold', 0.01, 0.99),
  }),
  decidePhotos: strict('decidePhotos', 'decidePhotos expects an object { tag, photos, decision }', {
    tag: nameSchema('tag'),
    photos: pathList('photos'),
    decision: choiceSchema(['accepted', 'rejected'], 'decision must be "accepted" or "rejected"'),
  }),
  mergeTags: strict('mergeTags', 'mergeTags expects an object { from, into }', { from: nameSchema('from'), into: nameSchema('into') }),
  tuneTag: nameSchema('tag'),
  runTags: v.pipe(
    strict('runTags', 'runTags expects an object { tags?, folder?, photos? }', { tags: v.optional(tagNames), ...scopeEntries }),
    v.check((request) => request.folder === undefined || request.photos === undefined, 'give either --folder or --photo, not both'),
  ),
  exportKeywords: v.pipe(
    strict('exportKeywords', 'exportKeywords expects an object { embedInOriginals?, folder?, photos? }', {
      embedInOriginals: v.optional(booleanSchema('embedInOriginals must be true or false')),
      ...scopeEntries,
    }),
    v.check((request) => request.folder === undefined || request.photos === undefined, 'give either --folder or --photo, not both'),
  ),
  defineCategory: strict('defineCategory', 'defineCategory expects an object { set, name, descriptions?, folder?, examples?, unsureBelow? }', {
    set: nameSchema('category set'),
    name: CategoryNameSchema,
    descriptions,
    folder: v.optional(absolutePathSchema('folder')),
    examples: v.optional(pathList('examples')),
    unsureBelow: v.optional(probability('--unsure-below', 0, 0.99)),
  }),
} as const satisfies Record<string, ArgumentSchema>;

export type CliMethod = keyof typeof CLI_ARGUMENTS;
export type CliArgumentOf<M extends CliMethod> = v.InferOutput<(typeof CLI_ARGUMENTS)[M]>;

/** What each CLI call answers. */
export interface CliResults {
  indexFolders: IndexSummary;
  classifyFiles: ClassifyResponse;
  addTagWithThreshold: TagSummary;
  decidePhotos: TagSummary;
  mergeTags: TagSummary;
  tuneTag: TagSummary;
  runTags: TagRunSummary;
  exportKeywords: TagExportSummary;
  defineCategory: CategorySetSummary;
}

type CliHandlers = { [M in CliMethod]: (arg: CliArgumentOf<M>, token: CancellationToken) => Promise<CliResults[M]> | CliResults[M] };

function scopeOf(request: { folder?: string | undefined; photos?: string[] | undefined }): { scope?: { folder: string } | { photos: string[] } } {
  if (request.folder !== undefined) return { scope: { folder: request.folder } };
  if (request.photos !== undefined) return { scope: { photos: request.photos } };
  return {};
}

export function cliHandlers(session: AppSession): SchemaHandlers<typeof CLI_ARGUMENTS> {
  const { services, events } = session;
  const handlers: CliHandlers = {
    indexFolders: ({ folders, retryErrors, refreshMetadata }, token) =>
      services.indexer.indexFolders(folders, {
        token,
        retryErrors: retryErrors === true,
        refreshMetadata: refreshMetadata === true,
        onProgress: (progress) =>
          events.fire('indexProgress', { current: folders[0] ?? null, queued: folders.slice(1), progress, lastSummary: null, lastError: null }),
      }),
    classifyFiles: ({ into, files, action, dryRun }, token) =>
      services.classify.classify({ into, files, ...(action ? { action } : {}), ...(dryRun ? { dryRun } : {}) }, token),
    addTagWithThreshold: ({ name, descriptions: words, threshold }) => services.tags.addTag(name, words ?? [], threshold),
    decidePhotos: ({ tag, photos, decision }) => services.tags.decide(tag, photos, decision),
    mergeTags: ({ from, into }) => services.tags.merge(from, into),
    tuneTag: (name) => services.tags.tuneThreshold(name),
    runTags: (request, token) =>
      services.tags.run({
        ...(request.tags ? { tags: request.tags } : {}),
        ...scopeOf(request),
        token,
        onProgress: (progress) => events.fire('tagRunProgress', { running: true, tags: request.tags ?? [], progress, lastSummary: null, lastError: null }),
      }),
    exportKeywords: (request) => services.tags.exportKeywords({ embedInOriginals: request.embedInOriginals === true, ...scopeOf(request) }),
    defineCategory: ({ set, unsureBelow, ...category }) => services.classify.defineCategory(set, category, unsureBelow),
  };
  return handlers;
}
