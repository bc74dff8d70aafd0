/**
 * Argument schemas of the calls that change tags' words and categories, and file photos into a
 * category a person picked: editing a tag's descriptions, editing or deleting a category, filing by
 * hand. Part of the one contract (contract-methods.ts parses every call with these).
 */
import * as v from 'valibot';
import { CategoryNameSchema, DescriptionListSchema, MAX_CLASSIFY_FILES } from './contract-arguments';
import { absolutePathSchema, choiceSchema, nameSchema, strict } from './schema-kit';

/** Descriptions that replace the old ones, each once; an empty list leaves only the name. */
const replacingDescriptions = v.pipe(
  DescriptionListSchema,
  v.transform((list) => [...new Set(list)]),
);

/** A tag's plain-words descriptions, replaced as a whole (the text its suggestions are scored from). */
export const TagDescriptionsRequestSchema = strict('describeTag', 'describeTag expects an object { name, descriptions }', {
  name: nameSchema('tag'),
  descriptions: replacingDescriptions,
});

/** One category of a set, by name. */
export const CategoryRefSchema = strict('deleteCategory', 'deleteCategory expects an object { set, name }', {
  set: nameSchema('category set'),
  name: nameSchema('category'),
});

/** What changes in a category: each field given replaces the old value; `folder` null goes back to the default subfolder. */
export const CategoryEditRequestSchema = strict('editCategory', 'editCategory expects an object { set, name, newName?, descriptions?, folder? }', {
  set: nameSchema('category set'),
  name: nameSchema('category'),
  newName: v.optional(CategoryNameSchema),
  descriptions: v.optional(replacingDescriptions),
  folder: v.optional(v.nullable(absolutePathSchema('folder'))),
});

/** Files photos into one category a person picked (no scoring): copied or moved into its folder. */
export const FileIntoRequestSchema = strict('fileIntoCategory', 'fileIntoCategory expects an object { set, category, files, action }', {
  set: nameSchema('category set'),
  category: nameSchema('category'),
  files: v.pipe(
    v.custom<unknown[]>(
      (value) => Array.isArray(value) && value.length > 0 && value.length <= MAX_CLASSIFY_FILES,
      `files must list 1 to ${MAX_CLASSIFY_FILES} file paths`,
    ),
    v.array(absolutePathSchema('each file')),
  ),
  action: choiceSchema(['copy', 'move'], 'action must be "copy" or "move"'),
});
