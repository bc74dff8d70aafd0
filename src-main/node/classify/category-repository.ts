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
