/** The mock client's side of editing categories and filing by hand: membership kept per category. */
import type { CategorySetSummary } from '../../src-common/contract';
import type { CategoryEditRequest } from '../../src-common/contract-categories';
import { err, ok, type Result } from '../../src-common/result';

/** One key per category of a set. */
export function categoryKey(set: string, name: string): string {
  return `${set}\u0000${name}`;
}

/** The sets with each category's count of photos filed into it now. */
export function withFiledCounts(sets: readonly CategorySetSummary[], filed: ReadonlyMap<string, ReadonlySet<number>>): CategorySetSummary[] {
  return sets.map((set) => ({
    ...set,
    categories: set.categories.map((c) => ({ ...c, photos: filed.get(categoryKey(set.name, c.name))?.size ?? 0 })),
  }));
}

/** The set with the edit made (refused like the services: an unknown category, a name taken); a renamed category keeps its photos. */
export function editedCategory(set: CategorySetSummary, request: CategoryEditRequest, filed: Map<string, Set<number>>): Result<CategorySetSummary> {
  const category = set.categories.find((c) => c.name === request.name);
  if (!category) return err('unknown-category', `category set "${set.name}" has no category named "${request.name}"`);
  const newName = request.newName ?? category.name;
  if (newName !== category.name && set.categories.some((c) => c.name === newName)) {
    return err('category-exists', `category set "${set.name}" already has a category named "${newName}"`);
  }
  const members = filed.get(categoryKey(set.name, category.name));
  if (members && newName !== category.name) {
    filed.delete(categoryKey(set.name, category.name));
    filed.set(categoryKey(set.name, newName), members);
  }
  const edited = {
    ...category,
    name: newName,
    descriptions: request.descriptions ?? category.descriptions,
    folder: request.folder === undefined ? category.folder : request.folder,
  };
  return ok({ ...set, categories: set.categories.map((c) => (c === category ? edited : c)) });
}
