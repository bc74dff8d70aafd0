/** Whether a recorded change of photos' marks can still be taken back, and what taking it back writes. */
import type { MarkedPhoto, PhotoMarks } from '../../../src-common/contract-browse';
import type { LibraryDb } from '../library/library-db';
import type { PhotoMarksRepository } from '../library/photo-marks-repository';
import type { FolderPhotoMarks } from './history-records';

/** "the photo", "its 5 photos", "2 of its 5 photos". */
function which(some: number, all: number): string {
  if (all === 1) return 'the photo';
  return some === all ? `its ${all} photos` : `${some} of its ${all} photos`;
}

/**
 * Why the change can no longer be undone: a photo it changed left the library, or had those marks
 * changed again since (undo would overwrite that newer choice). Undefined when it can be.
 */
export function marksProblem(marks: PhotoMarksRepository, change: Partial<PhotoMarks>, before: readonly MarkedPhoto[]): string | undefined {
  const ids = before.map((photo) => photo.photoId);
  const gone = marks.missing(ids).length;
  if (gone > 0) return `${which(gone, ids.length)} ${gone === 1 ? 'is' : 'are'} no longer in the library`;
  const changedSince = [...marks.marksOf(ids).values()].filter((now) => !stillAsSet(now, change)).length;
  if (changedSince === 0) return undefined;
  return `${which(changedSince, ids.length)} ${changedSince === 1 ? 'was' : 'were'} marked differently since`;
}

/** The marks the change touched, as each photo had them before. */
export function marksToPutBack(change: Partial<PhotoMarks>, before: readonly MarkedPhoto[]): Map<number, Partial<PhotoMarks>> {
  return new Map(
    before.map((photo) => [
      photo.photoId,
      {
        ...(change.favourite !== undefined ? { favourite: photo.favourite } : {}),
        ...(change.rating !== undefined ? { rating: photo.rating } : {}),
        ...(change.rotation !== undefined ? { rotation: photo.rotation } : {}),
      },
    ]),
  );
}

function stillAsSet(now: PhotoMarks, change: Partial<PhotoMarks>): boolean {
  return (
    (change.favourite === undefined || now.favourite === change.favourite) &&
    (change.rating === undefined || now.rating === change.rating) &&
    (change.rotation === undefined || now.rotation === change.rotation)
  );
}

/** The marks of the photos under `folder` (a library folder), by path. */
export function snapshotFolderMarks(db: LibraryDb, folder: string): FolderPhotoMarks[] {
  return db
    .prepare<[string], { path: string; favourite: number; rating: number; rotation: number }>(
      `SELECT photos.path AS path, photo_marks.favourite AS favourite, photo_marks.rating AS rating, photo_marks.rotation AS rotation
       FROM photo_marks JOIN photos ON photos.id = photo_marks.photo_id JOIN roots ON roots.id = photos.root_id
       WHERE roots.path = ? ORDER BY photos.path`,
    )
    .all(folder)
    .map((row) => ({
      path: row.path,
      favourite: row.favourite === 1,
      rating: row.rating,
      rotation: row.rotation === 90 || row.rotation === 180 || row.rotation === 270 ? row.rotation : 0,
    }));
}

/** Puts marks back on the photos now at those paths; a photo marked since keeps its newer marks. Returns how many were put back. */
export function restoreFolderMarks(db: LibraryDb, marks: readonly FolderPhotoMarks[]): number {
  const put = db.prepare<[number, number, number, string]>(
    `INSERT INTO photo_marks (photo_id, favourite, rating, rotation) SELECT id, ?, ?, ? FROM photos WHERE path = ?
     ON CONFLICT (photo_id) DO NOTHING`,
  );
  return db.transaction(() => marks.reduce((n, m) => n + put.run(m.favourite ? 1 : 0, m.rating, m.rotation, m.path).changes, 0));
}
