import { LumenFailure } from '../../../src-common/result';
import { returnedRow, type LibraryDb } from '../library/library-db';
import { SQL_NOW } from '../library/sql-now';
import { blobToFloat32, float32ToBlob } from '../library/vector-blob';

export interface CategoryRecord {
  id: number;
  setId: number;
  name: string;
  descriptions: string[];
  /** Folder photos of this category are copied or moved into; null: a subfolder named after it, next to each photo. */
  folder: string | null;
}

export interface CategorySetRecord {
  id: number;
  name: string;
  unsureBelow: number;
}

interface CategoryRow extends Omit<CategoryRecord, 'descriptions'> {
  descriptions: string;
}

export const DEFAULT_UNSURE_BELOW = 0.5;

/** A filing counts while the copy or move that made it is not undone (SQL over `category_photos`). */
export const FILING_STANDS =
  '(category_photos.batch_id IS NULL OR NOT EXISTS (SELECT 1 FROM file_batches WHERE file_batches.id = category_photos.batch_id AND file_batches.undone_at IS NOT NULL))';

/** Category sets ("what `lumen classify --into` names"), their categories and example vectors. */
export class CategoryRepository {
  constructor(private readonly db: LibraryDb) {}

  ensureSet(name: string, unsureBelow?: number): CategorySetRecord {
    const row = returnedRow(
      this.db.prepare<[string, number], CategorySetRecord>(
        `INSERT INTO category_sets (name, unsure_below, created_at) VALUES (?, ?, ${SQL_NOW})
           ON CONFLICT (name) DO UPDATE SET name = name RETURNING id, name, unsure_below AS unsureBelow`,
      ),
      name,
      unsureBelow ?? DEFAULT_UNSURE_BELOW,
    );
    if (unsureBelow !== undefined && row.unsureBelow !== unsureBelow) {
      this.db.prepare<[number, number]>('UPDATE category_sets SET unsure_below = ? WHERE id = ?').run(unsureBelow, row.id);
      row.unsureBelow = unsureBelow;
    }
    return row;
  }

  findSet(name: string): CategorySetRecord | undefined {
    return this.db.prepare<[string], CategorySetRecord>('SELECT id, name, unsure_below AS unsureBelow FROM category_sets WHERE name = ?').get(name);
  }

  requireSet(name: string): CategorySetRecord {
    const set = this.findSet(name);
    if (!set) throw new LumenFailure('unknown-category-set', `no category set named "${name}"; create one with \`lumen category add ${name} <category>\``);
    return set;
  }

  listSets(): CategorySetRecord[] {
    return this.db.prepare<[], CategorySetRecord>('SELECT id, name, unsure_below AS unsureBelow FROM category_sets ORDER BY name').all();
  }

  /** Adds the category or updates it: given descriptions are added to its list; a given folder replaces the old one. */
  upsertCategory(setId: number, name: string, descriptions: readonly string[], folder: string | undefined): CategoryRecord {
    const existing = this.listCategories(setId).find((c) => c.name.toLowerCase() === name.toLowerCase());
    const merged = [...new Set([...(existing?.descriptions ?? []), ...descriptions])];
    const row = returnedRow(
      this.db.prepare<[number, string, string, string | null], CategoryRow>(
        `INSERT INTO categories (set_id, name, descriptions, folder) VALUES (?, ?, ?, ?)
         ON CONFLICT (set_id, name) DO UPDATE SET descriptions = excluded.descriptions, folder = coalesce(excluded.folder, folder)
         RETURNING id, set_id AS setId, name, descriptions, folder`,
      ),
      setId,
      name,
      JSON.stringify(merged),
      folder ?? null,
    );
    return parseCategory(row);
  }

  listCategories(setId: number): CategoryRecord[] {
    return this.db
      .prepare<[number], CategoryRow>('SELECT id, set_id AS setId, name, descriptions, folder FROM categories WHERE set_id = ? ORDER BY id')
      .all(setId)
      .map(parseCategory);
  }

  findCategory(setId: number, name: string): CategoryRecord | undefined {
    const row = this.db
      .prepare<[number, string], CategoryRow>('SELECT id, set_id AS setId, name, descriptions, folder FROM categories WHERE set_id = ? AND name = ?')
      .get(setId, name.trim());
    return row ? parseCategory(row) : undefined;
  }

  requireCategory(set: CategorySetRecord, name: string): CategoryRecord {
    const category = this.findCategory(set.id, name);
    if (!category) throw new LumenFailure('unknown-category', `category set "${set.name}" has no category named "${name}"`);
    return category;
  }

  /** Replaces the category's name, descriptions and folder (null: the default subfolder next to each photo). */
  updateCategory(category: CategoryRecord): CategoryRecord {
    return parseCategory(
      returnedRow(
        this.db.prepare<[string, string, string | null, number], CategoryRow>(
          'UPDATE categories SET name = ?, descriptions = ?, folder = ? WHERE id = ? RETURNING id, set_id AS setId, name, descriptions, folder',
        ),
        category.name,
        JSON.stringify(category.descriptions),
        category.folder,
        category.id,
      ),
    );
  }

  /** Deletes the category (its examples and filings go with it), and its set when it was the last one. */
  deleteCategory(category: CategoryRecord): void {
    this.db.transaction(() => {
      this.db.prepare<[number]>('DELETE FROM categories WHERE id = ?').run(category.id);
      this.db
        .prepare<[{ setId: number }]>('DELETE FROM category_sets WHERE id = @setId AND NOT EXISTS (SELECT 1 FROM categories WHERE set_id = @setId)')
        .run({ setId: category.setId });
    });
  }

  /** Records that these library photos were filed into the category, by the copy or move `batchId` (null: none was needed). */
  recordFiled(categoryId: number, photoIds: readonly number[], batchId: number | null): void {
    const statement = this.db.prepare<[number, number, number | null]>(
      `INSERT INTO category_photos (category_id, photo_id, batch_id, filed_at) VALUES (?, ?, ?, ${SQL_NOW})
         ON CONFLICT (category_id, photo_id) DO UPDATE SET batch_id = excluded.batch_id, filed_at = excluded.filed_at`,
    );
    this.db.transaction(() => {
      for (const photoId of photoIds) statement.run(categoryId, photoId, batchId);
    });
  }

  /** How many library photos are filed into the category now (a filing whose copy or move was undone does not count). */
  countFiled(categoryId: number): number {
    return this.db
      .prepare<[number], number>(`SELECT count(*) FROM category_photos WHERE category_id = ? AND ${FILING_STANDS}`)
      .pluck()
      .get(categoryId) as number;
  }

  addExample(categoryId: number, towerRowId: number, source: string, vector: Float32Array): void {
    this.db
      .prepare<[number, number, string, Buffer]>(
        `INSERT INTO category_examples (category_id, tower_row_id, source, vector) VALUES (?, ?, ?, ?)
         ON CONFLICT (category_id, tower_row_id, source) DO UPDATE SET vector = excluded.vector`,
      )
      .run(categoryId, towerRowId, source, float32ToBlob(vector));
  }

  examples(categoryId: number, towerRowId: number): Float32Array[] {
    return this.db
      .prepare<[number, number], Buffer>('SELECT vector FROM category_examples WHERE category_id = ? AND tower_row_id = ? ORDER BY id')
      .pluck()
      .all(categoryId, towerRowId)
      .map((blob) => blobToFloat32(blob));
  }

  countExamples(categoryId: number): number {
    return this.db.prepare<[number], number>('SELECT count(*) FROM category_examples WHERE category_id = ?').pluck().get(categoryId) as number;
  }
}

function parseCategory(row: CategoryRow): CategoryRecord {
  return { ...row, descriptions: JSON.parse(row.descriptions) as string[] };
}
