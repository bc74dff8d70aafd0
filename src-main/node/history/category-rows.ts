/** Whether a recorded edit of a category can still be taken back, and taking it back. */
import type { LibraryDb } from '../library/library-db';
import type { CategoryFields } from './history-records';

interface CategoryRow {
  setId: number;
  name: string;
  descriptions: string;
  folder: string | null;
}

const quoted = (name: string): string => `“${name}”`;

function categoryRow(db: LibraryDb, categoryId: number): CategoryRow | undefined {
  return db.prepare<[number], CategoryRow>('SELECT set_id AS setId, name, descriptions, folder FROM categories WHERE id = ?').get(categoryId);
}

/** Why the edit can no longer be undone (the category deleted or edited again since, or its old name taken), or undefined. */
export function categoryEditProblem(db: LibraryDb, categoryId: number, before: CategoryFields, after: CategoryFields): string | undefined {
  const now = categoryRow(db, categoryId);
  if (!now) return `the category ${quoted(after.name)} was deleted since`;
  const same = now.name === after.name && now.folder === after.folder && now.descriptions === JSON.stringify(after.descriptions);
  if (!same) return `the category was edited again since`;
  if (before.name === after.name) return undefined;
  const taken = db
    .prepare<[number, string, number], number>('SELECT 1 FROM categories WHERE set_id = ? AND name = ? AND id <> ?')
    .pluck()
    .get(now.setId, before.name, categoryId);
  return taken === undefined ? undefined : `another category of its set is called ${quoted(before.name)} now`;
}

/** Writes the category's name, descriptions and folder back as they were. */
export function putCategoryBack(db: LibraryDb, categoryId: number, before: CategoryFields): void {
  db.prepare<[string, string, string | null, number]>('UPDATE categories SET name = ?, descriptions = ?, folder = ? WHERE id = ?').run(
    before.name,
    JSON.stringify(before.descriptions),
    before.folder,
    categoryId,
  );
}
