import { statSync } from 'node:fs';
import type { UndoResponse } from '../../../src-common/contract';
import type { MarkedPhoto } from '../../../src-common/contract-browse';
import type { HistoryEntry, HistoryUndoResult } from '../../../src-common/contract-history';
import { LumenFailure } from '../../../src-common/result';
import type { FileJournal, OperationStatus } from '../classify/file-journal';
import type { UndoService } from '../classify/undo-service';
import { returnedRow, type LibraryDb } from '../library/library-db';
import { SQL_NOW } from '../library/sql-now';
import type { HistoryJournal, StoredHistoryEntry } from './history-journal';
import type { HistoryRecord } from './history-records';
import type { FolderPhotoMarks, FolderTagDecision } from './history-records';
import { PhotoMarksRepository } from '../library/photo-marks-repository';
import { categoryEditProblem, putCategoryBack } from './category-rows';
import { describeMarkUndo } from './mark-words';
import { marksProblem, marksToPutBack, restoreFolderMarks } from './mark-rows';
import { restoreFolderDecisions, restoreTagRows, stillAsDecided } from './tag-rows';

/** What the open library session does to folders (indexing lives there, not in the services). */
export interface LibraryFolderChanges {
  isLibraryFolder(path: string): boolean;
  /** Being indexed now, or waiting to be. */
  isBeingIndexed(path: string): boolean;
  /** Adds the folder and starts indexing it; records nothing. */
  add(path: string): Promise<void>;
  /** Removes the folder and its photos from the library; records nothing. */
  remove(path: string): void;
}

export interface HistoryServiceDeps {
  db: LibraryDb;
  journal: HistoryJournal;
  files: FileJournal;
  undo: UndoService;
  folders: LibraryFolderChanges;
}

/** A file a killed process left between two steps of a copy, move or undo. */
const UNFINISHED: ReadonlySet<OperationStatus> = new Set(['planned', 'copied', 'undoing']);
const quoted = (name: string): string => `“${name}”`;
const photos = (n: number): string => `${n} photo${n === 1 ? '' : 's'}`;

/**
 * The history of a library as the window shows it: each entry with whether it can still be undone
 * (and why not), and the undo of any entry. Undo writes back what the entry kept (tag rows, names,
 * folders) or puts files back through the copy and move journal, which leaves alone any file
 * changed since. An undo is not itself recorded.
 */
export class HistoryService {
  /** Tag decisions of folders added back by undo, put back once each folder has been read again (this session only). */
  private readonly decisionsToRestore = new Map<string, FolderTagDecision[]>();
  /** Favourites, stars and rotations of those folders' photos, the same way. */
  private readonly marksToRestore = new Map<string, FolderPhotoMarks[]>();
  private readonly marks: PhotoMarksRepository;

  constructor(private readonly deps: HistoryServiceDeps) {
    this.marks = new PhotoMarksRepository(deps.db);
  }

  /** After each folder's indexing run: folders added back by undo get their tag decisions and marks again. Returns how many decisions were put back. */
  restoreFolderDecisions(): number {
    let restored = 0;
    for (const [folder, decisions] of this.decisionsToRestore) {
      if (this.deps.folders.isBeingIndexed(folder)) continue;
      this.decisionsToRestore.delete(folder);
      if (this.deps.folders.isLibraryFolder(folder)) restored += restoreFolderDecisions(this.deps.db, decisions);
    }
    for (const [folder, marks] of this.marksToRestore) {
      if (this.deps.folders.isBeingIndexed(folder)) continue;
      this.marksToRestore.delete(folder);
      if (this.deps.folders.isLibraryFolder(folder)) restoreFolderMarks(this.deps.db, marks);
    }
    return restored;
  }

  list(): HistoryEntry[] {
    return this.deps.journal.list().map((stored) => this.entry(stored));
  }

  async undo(id?: number): Promise<HistoryUndoResult> {
    const stored = id === undefined ? this.newestUndoable() : this.deps.journal.get(id);
    if (!stored) {
      throw new LumenFailure('nothing-to-undo', id === undefined ? 'there is nothing to undo' : 'that change is no longer in the history');
    }
    const entry = this.entry(stored);
    if (entry.undoneAt !== null) throw new LumenFailure('already-undone', `“${stored.description}” was undone already.`);
    if (entry.cannotUndo) throw new LumenFailure('cannot-undo', `“${stored.description}” can no longer be undone: ${entry.cannotUndo}.`);
    const { sentence, files, marks } = await this.reverse(stored.record);
    this.deps.journal.markUndone(stored.id);
    const undone = this.deps.journal.get(stored.id) ?? stored;
    return { entry: this.entry(undone), sentence, ...(files ? { files } : {}), ...(marks ? { marks } : {}) };
  }

  /**
   * The newest change not undone yet (a copy or move that did nothing is passed). One that can no
   * longer be undone stops Ctrl+Z there (it says why) rather than reaching past it to an older change the person may have forgotten, such as a
   * folder added hours ago; older changes are still undone one by one from the History panel.
   */
  private newestUndoable(): StoredHistoryEntry | undefined {
    return this.deps.journal.list().find((stored) => this.entry(stored).undoneAt === null && !this.changedNothing(stored.record));
  }

  /** A copy or move stopped (cancelled, or the process killed) before any file was done: nothing to take back, so Ctrl+Z passes it. */
  private changedNothing(record: HistoryRecord): boolean {
    if (record.kind !== 'copy' && record.kind !== 'move') return false;
    return !this.deps.files.operations(record.batchId).some((operation) => operation.status === 'done' || UNFINISHED.has(operation.status));
  }

  private entry(stored: StoredHistoryEntry): HistoryEntry {
    const undoneAt = stored.undoneAt ?? this.undoneElsewhere(stored.record);
    const entry: HistoryEntry = { id: stored.id, kind: stored.kind, description: stored.description, at: stored.at, undoneAt };
    if (stored.record.kind === 'copy' || stored.record.kind === 'move') entry.batchId = stored.record.batchId;
    if (undoneAt !== null) return entry;
    const reason = this.whyNotUndoable(stored.record);
    return reason ? { ...entry, cannotUndo: reason } : entry;
  }

  /** A copy or move undone by the older one-step undo (`undoLast`) counts as undone here too. */
  private undoneElsewhere(record: HistoryRecord): string | null {
    if (record.kind !== 'copy' && record.kind !== 'move') return null;
    return this.deps.files.getBatch(record.batchId)?.undoneAt ?? null;
  }

  private whyNotUndoable(record: HistoryRecord): string | undefined {
    switch (record.kind) {
      case 'copy':
      case 'move':
        return this.filesProblem(record.batchId, record.kind);
      case 'tag-decision':
        return this.tagName(record.tagId) === undefined ? `the tag ${quoted(record.tag)} was deleted since` : undefined;
      case 'tag-rename': {
        const now = this.tagName(record.tagId);
        if (now === undefined) return `the tag ${quoted(record.to)} was deleted since`;
        if (now !== record.to) return `the tag was renamed again since, to ${quoted(now)}`;
        return this.tagId(record.from) !== undefined ? `another tag is called ${quoted(record.from)} now` : undefined;
      }
      case 'tag-delete':
        return this.tagId(record.tag) !== undefined ? `a tag called ${quoted(record.tag)} exists again` : undefined;
      case 'folder-add':
        return this.deps.folders.isLibraryFolder(record.path) ? undefined : 'the folder is no longer in the library';
      case 'folder-remove':
        if (this.deps.folders.isLibraryFolder(record.path)) return 'the folder is in the library again';
        return isFolder(record.path) ? undefined : `the folder ${record.path} is no longer on the disk`;
      case 'photo-marks':
        return marksProblem(this.marks, record.change, record.before);
      case 'category-edit':
        return categoryEditProblem(this.deps.db, record.categoryId, record.before, record.after);
    }
  }

  /** Cheap checks (no hashing: the undo itself checks every file's bytes): a file gone or of another size since. */
  private filesProblem(batchId: number, action: 'copy' | 'move'): string | undefined {
    const all = this.deps.files.operations(batchId);
    // A file caught midway by a killed process: undo finishes or rolls it back first, whatever else changed.
    if (all.some((operation) => UNFINISHED.has(operation.status))) return undefined;
    const operations = all.filter((operation) => operation.status === 'done');
    if (operations.length === 0) return 'none of its files was copied or moved';
    let first: string | undefined;
    for (const operation of operations) {
      const size = fileSize(operation.destination);
      if (size === operation.size) return undefined;
      first ??=
        size === null
          ? `${operation.destination} is no longer where Lumen ${action === 'copy' ? 'copied' : 'moved'} it`
          : `${operation.destination} changed since Lumen ${action === 'copy' ? 'copied' : 'moved'} it`;
    }
    return first;
  }

  private async reverse(record: HistoryRecord): Promise<{ sentence: string; files?: UndoResponse; marks?: MarkedPhoto[] }> {
    switch (record.kind) {
      case 'copy':
      case 'move': {
        const files = await this.deps.undo.undoBatch(record.batchId);
        const back = files.restored.length;
        const kept = files.kept.length > 0 ? ` ${photos(files.kept.length)} changed since ${files.kept.length === 1 ? 'was' : 'were'} left alone.` : '';
        const sentence =
          record.kind === 'move'
            ? `Put ${photos(back)} back where ${back === 1 ? 'it was' : 'they were'}.${kept}`
            : `Removed the ${back} cop${back === 1 ? 'y' : 'ies'} Lumen had made.${kept}`;
        return { sentence, files };
      }
      case 'tag-decision': {
        const still = stillAsDecided(this.deps.db, record.tagId, record.photoIds, record.decision);
        restoreTagRows(this.deps.db, record.tagId, still, record.before);
        const since = record.photoIds.length - still.length;
        const kept = since > 0 ? ` ${photos(since)} decided again since kept ${since === 1 ? 'its' : 'their'} newer decision.` : '';
        return { sentence: `Took back the decision on ${quoted(record.tag)} for ${photos(still.length)}.${kept}` };
      }
      case 'tag-rename':
        this.deps.db.prepare<[string, number]>('UPDATE tags SET name = ? WHERE id = ?').run(record.from, record.tagId);
        return { sentence: `Renamed the tag ${quoted(record.to)} back to ${quoted(record.from)}.` };
      case 'tag-delete': {
        this.deps.db.transaction(() => {
          // Under its old id when that is free, so earlier entries about the tag can still be undone.
          const id = returnedRow(
            this.deps.db
              .prepare<[number | null, string, string, number | null], number>(
                `INSERT INTO tags (id, name, descriptions, threshold, created_at) VALUES (?, ?, ?, ?, ${SQL_NOW}) RETURNING id`,
              )
              .pluck(),
            this.tagName(record.tagId) === undefined ? record.tagId : null,
            record.tag,
            JSON.stringify(record.descriptions),
            record.threshold,
          );
          restoreTagRows(
            this.deps.db,
            id,
            record.rows.map((row) => row.photoId),
            record.rows,
          );
        });
        const accepted = record.rows.filter((row) => row.state === 'accepted').length;
        return { sentence: `Brought back the tag ${quoted(record.tag)}${accepted > 0 ? ` on ${photos(accepted)}` : ''}.` };
      }
      case 'folder-add':
        this.deps.folders.remove(record.path);
        return { sentence: `Took ${record.path} out of the library again.` };
      case 'folder-remove': {
        await this.deps.folders.add(record.path);
        const decisions = record.decisions ?? [];
        const marks = record.marks ?? [];
        if (decisions.length > 0) this.decisionsToRestore.set(record.path, decisions);
        if (marks.length > 0) this.marksToRestore.set(record.path, marks);
        const coming = [
          ...(decisions.length > 0 ? [decisions.length === 1 ? 'their 1 tag decision' : `their ${decisions.length} tag decisions`] : []),
          ...(marks.length > 0 ? [`the favourites, stars and turns of ${photos(marks.length)}`] : []),
        ];
        if (coming.length === 0) return { sentence: `Put ${record.path} back in the library; its photos are being read again.` };
        const come = coming.length === 1 && decisions.length === 1 ? 'comes' : 'come';
        return {
          sentence: `Put ${record.path} back in the library; its photos are being read again, and ${coming.join(' and ')} ${come} back when that is done.`,
        };
      }
      case 'photo-marks': {
        this.marks.changeEach(marksToPutBack(record.change, record.before));
        const ids = record.before.map((photo) => photo.photoId);
        const marks = [...this.marks.marksOf(ids)].map(([photoId, now]) => ({ photoId, ...now }));
        return { sentence: describeMarkUndo(record.change, ids.length), marks };
      }
      case 'category-edit':
        putCategoryBack(this.deps.db, record.categoryId, record.before);
        return { sentence: `Put the category “${record.before.name}” (${record.set}) back as it was.` };
    }
  }

  private tagName(tagId: number): string | undefined {
    return this.deps.db.prepare<[number], string>('SELECT name FROM tags WHERE id = ?').pluck().get(tagId);
  }

  private tagId(name: string): number | undefined {
    return this.deps.db.prepare<[string], number>('SELECT id FROM tags WHERE name = ?').pluck().get(name);
  }
}

function fileSize(path: string): number | null {
  try {
    const info = statSync(path);
    return info.isFile() ? info.size : null;
  } catch {
    // Gone or unreadable: either way not the file Lumen left there.
    return null;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    // Gone or unreadable: nothing to add back.
    return false;
  }
}
