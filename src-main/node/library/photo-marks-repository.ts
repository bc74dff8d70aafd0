/**
 * Favourites, ratings and display rotations (migration 10): read for many photos at once, changed
 * for a selection in one statement per photo inside one transaction. A photo back to no marks
 * loses its row, so the table holds only photos someone marked.
 */
import type { PhotoMarks } from '../../../src-common/contract-browse';
import type { LibraryDb } from './library-db';

export const NO_MARKS: PhotoMarks = { favourite: false, rating: 0, rotation: 0 };

interface MarksRow {
  photoId: number;
  favourite: number;
  rating: number;
  rotation: number;
}

function toMarks(row: MarksRow | undefined): PhotoMarks {
  if (!row) return NO_MARKS;
  const rotation = row.rotation === 90 || row.rotation === 180 || row.rotation === 270 ? row.rotation : 0;
  return { favourite: row.favourite === 1, rating: row.rating, rotation };
}

export class PhotoMarksRepository {
  constructor(private readonly db: LibraryDb) {}

  /** Marks of each photo asked for (none for a photo never marked), keyed by id. */
  marksOf(photoIds: readonly number[]): Map<number, PhotoMarks> {
    const rows = this.db
      .prepare<[string], MarksRow>(
        `SELECT photo_id AS photoId, favourite, rating, rotation FROM photo_marks WHERE photo_id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(photoIds));
    const byId = new Map(rows.map((row) => [row.photoId, row]));
    return new Map(photoIds.map((id) => [id, toMarks(byId.get(id))]));
  }

  /** The ids listed that name no photo of the library. */
  missing(photoIds: readonly number[]): number[] {
    return this.db.prepare<[string], number>('SELECT value FROM json_each(?) WHERE value NOT IN (SELECT id FROM photos)').pluck().all(JSON.stringify(photoIds));
  }

  /** Changes the given marks of every photo listed (others stay as they were); ids of photos not in the library are skipped. */
  change(photoIds: readonly number[], change: Partial<PhotoMarks>): void {
    this.changeEach(new Map(photoIds.map((id) => [id, change])));
  }

  /** Changes each photo's own marks (undo puts back what each had); in one transaction. */
  changeEach(changes: ReadonlyMap<number, Partial<PhotoMarks>>): void {
    const current = this.marksOf([...changes.keys()]);
    const upsert = this.db.prepare<[{ id: number; favourite: number; rating: number; rotation: number }]>(
      `INSERT INTO photo_marks (photo_id, favourite, rating, rotation)
       SELECT id, @favourite, @rating, @rotation FROM photos WHERE id = @id
       ON CONFLICT (photo_id) DO UPDATE SET favourite = excluded.favourite, rating = excluded.rating, rotation = excluded.rotation`,
    );
    const remove = this.db.prepare<[number]>('DELETE FROM photo_marks WHERE photo_id = ?');
    this.db.transaction(() => {
      for (const [id, change] of changes) {
        const next = { ...(current.get(id) ?? NO_MARKS), ...change };
        if (!next.favourite && next.rating === 0 && next.rotation === 0) remove.run(id);
        else upsert.run({ id, favourite: next.favourite ? 1 : 0, rating: next.rating, rotation: next.rotation });
      }
    });
  }
}
