/** Argument validation for the window's tag and category calls (contract-organize.ts); run before any work. */
import type {
  ClassifyFilesRequest,
  ClassifyImageRequest,
  NewCategoryRequest,
  NewTagRequest,
  RenameTagRequest,
  SuggestionDecision,
  TagPhotosRequest,
  TagRunRequest,
} from './contract-organize';
import { err, ok, type Result } from './result';
import { isRecord } from './validate';
import { validateFolderPath } from './validate-app';

export const MAX_NAME_LENGTH = 100;
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

type Checked<T> = Result<T>;

/** A tag, category or set name: trimmed, 1…100 characters, no control characters. */
export function validateName(input: unknown, what = 'name'): Checked<string> {
  if (typeof input !== 'string') return err('bad-argument', `${what} must be a string`);
  const name = input.trim();
  // eslint-disable-next-line no-control-regex
  if (name === '' || name.length > MAX_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(name)) {
    return err('bad-argument', `${what} must be 1 to ${MAX_NAME_LENGTH} characters without control characters`);
  }
  return ok(name);
}

/** Names Windows keeps for devices, also with an extension ("nul.txt"): a folder cannot have them there. */
const WINDOWS_DEVICE_NAME = /^(con|prn|aux|nul|com[1-9\u00b9\u00b2\u00b3]|lpt[1-9\u00b9\u00b2\u00b3])(\..*)?$/i;
// eslint-disable-next-line no-control-regex
const NOT_IN_FOLDER_NAMES = /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f]/;
/** The usual limit on one name in a path (ext4, APFS, NTFS in UTF-16 is similar). */
const MAX_FOLDER_NAME_BYTES = 255;

/**
 * Why `name` cannot be the name of one folder on every system Lumen runs on (Linux, macOS,
 * Windows, and the FAT/exFAT drives they share), or undefined when it can. A category's name
 * becomes a folder when it has none of its own: a separator or ".." would put photos elsewhere.
 */
export function folderNameProblem(name: string): string | undefined {
  if (name === '.' || name === '..') return `"${name}" means a folder itself or the one above it`;
  const character = NOT_IN_FOLDER_NAMES.exec(name)?.[0];
  if (character !== undefined) return `it contains ${JSON.stringify(character)}; folder names cannot hold / \\ < > : " | ? * or control characters`;
  if (/[. ]$/.test(name)) return 'it ends in a dot or a space, which Windows drops from folder names';
  if (WINDOWS_DEVICE_NAME.test(name)) return 'Windows keeps that name for a device (CON, PRN, AUX, NUL, COM1 to COM9, LPT1 to LPT9)';
  if (new TextEncoder().encode(name).length > MAX_FOLDER_NAME_BYTES) return `it is longer than ${MAX_FOLDER_NAME_BYTES} bytes`;
  return undefined;
}

/** A category name: a valid name that can also serve as the name of its folder. */
export function validateCategoryName(input: unknown): Checked<string> {
  const name = validateName(input, 'category name');
  if (!name.ok) return name;
  const problem = folderNameProblem(name.value);
  if (problem !== undefined) return err('bad-argument', `category name ${JSON.stringify(name.value)} cannot be a folder name: ${problem}`);
  return name;
}

function descriptions(input: unknown): Checked<string[] | undefined> {
  if (input === undefined) return ok(undefined);
  const valid =
    Array.isArray(input) &&
    input.length <= MAX_DESCRIPTIONS &&
    input.every((d) => typeof d === 'string' && d.trim() !== '' && d.length <= MAX_DESCRIPTION_LENGTH);
  if (!valid) return err('bad-argument', `descriptions must be a list of at most ${MAX_DESCRIPTIONS} non-empty strings of up to ${MAX_DESCRIPTION_LENGTH} characters`);
  return ok((input as string[]).map((d) => d.trim()));
}

function photoIds(input: unknown, what = 'photos'): Checked<number[]> {
  const valid =
    Array.isArray(input) &&
    input.length > 0 &&
    input.length <= MAX_PHOTO_IDS &&
    input.every((id) => typeof id === 'number' && Number.isInteger(id) && id >= 1 && id <= Number.MAX_SAFE_INTEGER);
  if (!valid) return err('bad-argument', `${what} must be a list of 1 to ${MAX_PHOTO_IDS} photo ids`);
  return ok(input as number[]);
}

/** Only the listed keys may appear: a typo is an error, not a silently ignored option. */
function onlyKeys(input: Record<string, unknown>, keys: readonly string[], what: string): Checked<undefined> {
  const extra = Object.keys(input).find((key) => !keys.includes(key));
  if (extra !== undefined) return err('bad-argument', `${what} does not take ${JSON.stringify(extra.slice(0, 40))}`);
  return ok(undefined);
}

export function validateNewTag(input: unknown): Checked<NewTagRequest> {
  if (!isRecord(input)) return err('bad-argument', 'addTag expects an object { name, descriptions? }');
  const keys = onlyKeys(input, ['name', 'descriptions'], 'addTag');
  if (!keys.ok) return keys;
  const name = validateName(input['name'], 'tag name');
  if (!name.ok) return name;
  const words = descriptions(input['descriptions']);
  if (!words.ok) return words;
  return ok({ name: name.value, ...(words.value?.length ? { descriptions: words.value } : {}) });
}

export function validateRenameTag(input: unknown): Checked<RenameTagRequest> {
  if (!isRecord(input)) return err('bad-argument', 'renameTag expects an object { from, to }');
  const from = validateName(input['from'], 'from');
  if (!from.ok) return from;
  const to = validateName(input['to'], 'to');
  if (!to.ok) return to;
  return ok({ from: from.value, to: to.value });
}

export function validateTagPhotos(input: unknown): Checked<TagPhotosRequest> {
  if (!isRecord(input)) return err('bad-argument', 'tagPhotos expects an object { tag, photos }');
  const tag = validateName(input['tag'], 'tag');
  if (!tag.ok) return tag;
  const photos = photoIds(input['photos']);
  if (!photos.ok) return photos;
  return ok({ tag: tag.value, photos: photos.value });
}

export function validateTagRun(input: unknown): Checked<TagRunRequest> {
  if (!isRecord(input)) return err('bad-argument', 'startTagRun expects an object { tags, folder?, photos? }');
  const keys = onlyKeys(input, ['tags', 'folder', 'photos'], 'startTagRun');
  if (!keys.ok) return keys;
  const tags = input['tags'];
  if (!Array.isArray(tags) || tags.length === 0 || tags.length > MAX_TAGS_PER_RUN) return err('bad-argument', `tags must list 1 to ${MAX_TAGS_PER_RUN} tag names`);
  const names: string[] = [];
  for (const tag of tags) {
    const name = validateName(tag, 'tag');
    if (!name.ok) return name;
    names.push(name.value);
  }
  const request: TagRunRequest = { tags: [...new Set(names)] };
  if (input['folder'] !== undefined && input['photos'] !== undefined) return err('bad-argument', 'give a folder or photos, not both');
  if (input['folder'] !== undefined) {
    const folder = validateFolderPath(input['folder']);
    if (!folder.ok) return folder;
    request.folder = folder.value;
  }
  if (input['photos'] !== undefined) {
    const photos = photoIds(input['photos']);
    if (!photos.ok) return photos;
    request.photos = photos.value;
  }
  return ok(request);
}

export function validateSuggestionDecision(input: unknown): Checked<SuggestionDecision> {
  if (!isRecord(input)) return err('bad-argument', 'decideSuggestions expects an object { tag, decision, photos? }');
  const tag = validateName(input['tag'], 'tag');
  if (!tag.ok) return tag;
  const decision = input['decision'];
  if (decision !== 'accept' && decision !== 'reject') return err('bad-argument', 'decision must be "accept" or "reject"');
  if (input['photos'] === undefined) return ok({ tag: tag.value, decision });
  const photos = photoIds(input['photos']);
  if (!photos.ok) return photos;
  return ok({ tag: tag.value, decision, photos: photos.value });
}

export function validateNewCategory(input: unknown): Checked<NewCategoryRequest> {
  if (!isRecord(input)) return err('bad-argument', 'addCategory expects an object { set, name, descriptions?, folder? }');
  const keys = onlyKeys(input, ['set', 'name', 'descriptions', 'folder'], 'addCategory');
  if (!keys.ok) return keys;
  const set = validateName(input['set'], 'category set');
  if (!set.ok) return set;
  const name = validateCategoryName(input['name']);
  if (!name.ok) return name;
  const words = descriptions(input['descriptions']);
  if (!words.ok) return words;
  const request: NewCategoryRequest = { set: set.value, name: name.value, ...(words.value?.length ? { descriptions: words.value } : {}) };
  if (input['folder'] !== undefined) {
    const folder = validateFolderPath(input['folder']);
    if (!folder.ok) return folder;
    request.folder = folder.value;
  }
  return ok(request);
}

export function validateClassifyFiles(input: unknown): Checked<ClassifyFilesRequest> {
  if (!isRecord(input)) return err('bad-argument', 'classifyFiles expects an object { into, files, action? }');
  const into = validateName(input['into'], 'into');
  if (!into.ok) return into;
  const files = input['files'];
  if (!Array.isArray(files) || files.length === 0 || files.length > MAX_CLASSIFY_FILES) return err('bad-argument', `files must list 1 to ${MAX_CLASSIFY_FILES} file paths`);
  const paths: string[] = [];
  for (const file of files) {
    const path = validateFolderPath(file);
    if (!path.ok) return err('bad-argument', path.error.message.replace(/^folder/, 'each file'));
    paths.push(path.value);
  }
  const action = input['action'];
  if (action !== undefined && action !== 'copy' && action !== 'move') return err('bad-argument', 'action must be "copy" or "move"');
  return ok({ into: into.value, files: paths, ...(action ? { action } : {}) });
}

export function validateClassifyImage(input: unknown): Checked<ClassifyImageRequest> {
  if (!isRecord(input)) return err('bad-argument', 'classifyImage expects an object { into, name, data }');
  const into = validateName(input['into'], 'into');
  if (!into.ok) return into;
  const name = typeof input['name'] === 'string' ? input['name'].trim().slice(0, 255) : '';
  if (name === '') return err('bad-argument', 'name must be the dropped file name');
  const data = input['data'];
  if (typeof data !== 'string' || data.length === 0 || data.length > MAX_IMAGE_BASE64 || data.length % 4 !== 0 || !BASE64.test(data)) {
    return err('bad-argument', `data must be the image's bytes in base64, at most ${MAX_IMAGE_BASE64} characters`);
  }
  return ok({ into: into.value, name, data });
}
