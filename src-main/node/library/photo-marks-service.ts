/**
 * A person's favourites, star ratings and display turns of photos, changed for a selection at once
 * and recorded in the history as one entry, keeping each photo's own marks from before, so undo puts
 * every photo back as it was (and not all alike).
 */
import type { MarkedPhoto, PhotoMarks, PhotoMarksChange } from '../../../src-common/contract-browse';
import { LumenFailure } from '../../../src-common/result';
import type { HistoryJournal } from '../history/history-journal';
import { describeMarkChange } from '../history/mark-words';
import type { PhotoMarksRepository } from './photo-marks-repository';

export interface PhotoMarksServiceDeps {
  marks: PhotoMarksRepository;
  history: HistoryJournal;
}

export class PhotoMarksService {
  constructor(private readonly deps: PhotoMarksServiceDeps) {}

  /** The marks of each photo listed; a photo not in the library is refused. */
  marksOf(photoIds: readonly number[]): MarkedPhoto[] {
    this.requireAll(photoIds);
    return [...this.deps.marks.marksOf(photoIds)].map(([photoId, marks]) => ({ photoId, ...marks }));
  }

  /**
   * Changes the marks given of every photo listed and records it, unless no photo's marks changed (a
   * star given again to photos that had it): Ctrl+Z then takes back the change before, not nothing.
   */
  change({ photos, ...change }: PhotoMarksChange): MarkedPhoto[] {
    const before = this.marksOf(photos);
    const changed = before.filter((photo) => differs(photo, change));
    this.deps.marks.change(photos, change);
    if (changed.length > 0) this.deps.history.record(describeMarkChange(change, changed.length), { kind: 'photo-marks', change, before: changed });
    return this.marksOf(photos);
  }

  private requireAll(photoIds: readonly number[]): void {
    const missing = this.deps.marks.missing(photoIds);
    if (missing.length > 0) throw new LumenFailure('unknown-photo', `no photo with id ${missing[0]} in this library`);
  }
}

/** Whether applying `change` alters any of the photo's marks. */
export function differs(marks: PhotoMarks, change: Partial<PhotoMarks>): boolean {
  return (
    (change.favourite !== undefined && change.favourite !== marks.favourite) ||
    (change.rating !== undefined && change.rating !== marks.rating) ||
    (change.rotation !== undefined && change.rotation !== marks.rotation)
  );
}
