/**
 * The history over a real library database and real files: tag decisions, renames and deletions,
 * and copies and moves are recorded as they happen, kept across reopening the library, undone
 * exactly, and refused with a reason once the thing they changed has changed since.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HISTORY_LENGTH } from '../../../src-common/contract-history';
import type { FileJournal } from '../../../src-main/node/classify/file-journal';
import { FileMover } from '../../../src-main/node/classify/file-mover';
import { UndoService } from '../../../src-main/node/classify/undo-service';
import type { HistoryJournal } from '../../../src-main/node/history/history-journal';
import type { HistoryService } from '../../../src-main/node/history/history-service';
import type { LibraryDb } from '../../../src-main/node/library/library-db';
import type { TagRepository } from '../../../src-main/node/tagging/tag-repository';
import type { TagService } from '../../../src-main/node/tagging/tag-service';
import { makeTempDir } from '../library/library-fixtures';
import { closeHistoryLibrary, openHistoryLibrary, seedSeaSuggestions, type HistoryLibrary } from './history-fixtures';

let dir: string;
let cleanup: () => void;
let library: HistoryLibrary;
let db: LibraryDb;
let journal: HistoryJournal;
let tags: TagService;
let tagRows: TagRepository;
let files: FileJournal;
let history: HistoryService;
let ids: number[];
const heard: string[] = [];

function open(): void {
  // Folders are the open session's (indexing lives there); here the library's roots stand for them.
  library = openHistoryLibrary(dir, (db, photos) => ({
    isLibraryFolder: (path) => photos.listRoots().some((root) => root.path === path),
    isBeingIndexed: () => false,
    add: async (path) => {
      photos.upsertRoot(path);
    },
    remove: (path) => db.prepare<[string]>('DELETE FROM roots WHERE path = ?').run(path),
  }));
  ({ db, journal, tags, tagRows, files, history } = library);
  journal.onDidChange((reason) => heard.push(reason));
}

async function reopen(): Promise<void> {
  await closeHistoryLibrary(library);
  open();
}

beforeEach(() => {
  ({ dir, cleanup } = makeTempDir());
  heard.length = 0;
  open();
  ids = seedSeaSuggestions(library, 4);
});

afterEach(async () => {
  await closeHistoryLibrary(library);
  cleanup();
});

const rows = () =>
  db
    .prepare<[], { photoId: number; state: string; confidence: number | null }>(
      'SELECT photo_id AS photoId, state, confidence FROM photo_tags ORDER BY photo_id',
    )
    .all();

describe('tag changes', () => {
  it('records an accepted suggestion, keeps it across reopening, and undoes it to the suggestion it was', async () => {
    const before = rows();
    tags.decide('sea', [ids[0] as number], 'accepted');
    expect(rows()[0]).toMatchObject({ state: 'accepted', confidence: 0.9 });
    await reopen();
    const [entry] = history.list();
    expect(entry).toMatchObject({ kind: 'tag-decision', description: 'Accepted “sea” for img-0.jpg.', undoneAt: null });
    expect(entry?.cannotUndo).toBeUndefined();

    const undone = await history.undo();
    expect(undone.sentence).toBe('Took back the decision on “sea” for 1 photo.');
    expect(undone.entry.undoneAt).not.toBeNull();
    expect(rows()).toEqual(before);
    await expect(history.undo(entry?.id)).rejects.toThrow(/was undone already/);
    expect(heard).toContain('undone');
  });

  it('undoes accepting every suggestion at once, and a cleared decision', async () => {
    const before = rows();
    tags.decideAllSuggestions('sea', 'rejected');
    expect(rows().every((row) => row.state === 'rejected')).toBe(true);
    tags.clearDecision('sea', [ids[1] as number]);
    expect(rows()[1]).toMatchObject({ state: 'suggested', confidence: 0.8 });
    expect(history.list().map((entry) => entry.description)).toEqual(['Cleared the decision on “sea” for img-1.jpg.', 'Rejected “sea” for 4 photos.']);
    await history.undo();
    expect(rows()[1]).toMatchObject({ state: 'rejected' });
    await history.undo();
    expect(rows()).toEqual(before);
    await expect(history.undo()).rejects.toThrow(/nothing to undo/);
  });

  it('undoes a rename, and says why once the tag was renamed again', async () => {
    tags.rename('sea', 'ocean');
    const [renamed] = history.list();
    expect(renamed?.description).toBe('Renamed the tag “sea” to “ocean”.');
    await history.undo(renamed?.id);
    expect(tagRows.findTag('sea')).toBeDefined();
    expect(tagRows.findTag('ocean')).toBeUndefined();

    tags.rename('sea', 'shore');
    const [second] = history.list();
    // Renamed again by hand (not through the history), so the entry's name is no longer the tag's.
    db.prepare("UPDATE tags SET name = 'coast' WHERE name = 'shore'").run();
    expect(history.list()[0]).toMatchObject({ id: second?.id, cannotUndo: 'the tag was renamed again since, to “coast”' });
    await expect(history.undo(second?.id)).rejects.toThrow(/can no longer be undone: the tag was renamed again since/);
  });

  it('brings a deleted tag back with its photos’ decisions and suggestions', async () => {
    tags.decide('sea', [ids[0] as number], 'accepted');
    const before = rows();
    const tagId = tagRows.requireTag('sea').id;
    tags.delete('sea');
    expect(rows()).toEqual([]);
    const undone = await history.undo();
    expect(undone.sentence).toBe('Brought back the tag “sea” on 1 photo.');
    expect(rows()).toEqual(before);
    // Back under its old id: the decision made before the deletion can still be taken back.
    expect(tagRows.requireTag('sea').id).toBe(tagId);
    expect(history.list().find((entry) => entry.kind === 'tag-decision')?.cannotUndo).toBeUndefined();
    await history.undo();
    expect(rows()[0]).toMatchObject({ state: 'suggested', confidence: 0.9 });
  });

  it('keeps only the newest entries', () => {
    for (let i = 0; i < HISTORY_LENGTH + 5; i++) tags.decide('sea', [ids[i % ids.length] as number], i % 2 ? 'accepted' : 'rejected');
    const entries = history.list();
    expect(entries).toHaveLength(HISTORY_LENGTH);
    expect(entries[0]?.id).toBe((entries.at(-1)?.id ?? 0) + HISTORY_LENGTH - 1);
  });
});

describe('copies and moves', () => {
  async function moveTwo(): Promise<{ sources: string[]; destinations: string[] }> {
    const sources = [join(dir, 'in', 'a.jpg'), join(dir, 'in', 'b.jpg')];
    const destinations = [join(dir, 'sorted', 'a.jpg'), join(dir, 'sorted', 'b.jpg')];
    await mkdir(join(dir, 'in'), { recursive: true });
    await Promise.all(sources.map((source, i) => writeFile(source, `photo ${i}`)));
    await new FileMover(files, undefined, journal).run(
      'move',
      'move 2 photos into "kinds" categories (first: a.jpg)',
      sources.map((source, i) => ({ source, destination: destinations[i] as string })),
    );
    return { sources, destinations };
  }

  it('names the batch of files a copy or move made, so a window can undo its own batches', async () => {
    const sources = [join(dir, 'in', 'c.jpg')];
    await mkdir(join(dir, 'in'), { recursive: true });
    await writeFile(sources[0] as string, 'photo c');
    const report = await new FileMover(files, undefined, journal).run('copy', 'copy 1 photo into "kinds" categories (first: c.jpg)', [
      { source: sources[0] as string, destination: join(dir, 'sorted', 'c.jpg') },
    ]);
    expect(report.batchId).not.toBeNull();
    await reopen();
    expect(history.list()[0]).toMatchObject({ kind: 'copy', batchId: report.batchId });
    await history.undo();
    expect(history.list()[0]).toMatchObject({ batchId: report.batchId, undoneAt: expect.any(String) });
  });

  it('records a move and puts the files back from the history', async () => {
    const { sources, destinations } = await moveTwo();
    expect(destinations.every((path) => existsSync(path))).toBe(true);
    await reopen();
    expect(history.list()[0]).toMatchObject({ kind: 'move', description: 'Moved 2 photos into "kinds" categories (first: a.jpg)', undoneAt: null });
    const undone = await history.undo();
    expect(undone.sentence).toBe('Put 2 photos back where they were.');
    expect(undone.files?.restored).toHaveLength(2);
    expect(await Promise.all(sources.map((source) => readFile(source, 'utf8')))).toEqual(['photo 0', 'photo 1']);
    expect(destinations.some((path) => existsSync(path))).toBe(false);
  });

  it('says why a move can no longer be undone once its files changed; Ctrl+Z stops there instead of reaching past it, and History still undoes the change before', async () => {
    tags.decide('sea', [ids[0] as number], 'accepted');
    const { destinations } = await moveTwo();
    await Promise.all(destinations.map((path) => writeFile(path, 'edited since, and longer')));
    const [move, decision] = history.list();
    expect(move?.cannotUndo).toBe(`${destinations[0]} changed since Lumen moved it`);
    await expect(history.undo()).rejects.toThrow(`can no longer be undone: ${destinations[0]} changed since Lumen moved it`);
    expect(history.list()[1]).toMatchObject({ kind: 'tag-decision', undoneAt: null });
    const undone = await history.undo(decision?.id);
    expect(undone.entry.kind).toBe('tag-decision');
    expect(await readFile(destinations[0] as string, 'utf8')).toBe('edited since, and longer');
  });

  it('undoes a move a killed process left midway (its entry is written with the batch) and passes one that did no file', async () => {
    const source = join(dir, 'midway.jpg');
    await writeFile(source, 'photo');
    const hash = createHash('sha256').update('photo').digest('hex');
    const record = (id: number) => journal.record('Moved 1 photo into "kinds" categories (first: midway.jpg)', { kind: 'move', batchId: id, photos: 1 });
    // The kill came after the file was planned, before a byte was written.
    const killed = files.startBatch('move', 'move 1 photo into "kinds" categories', record);
    files.plan(killed, source, join(dir, 'sorted', 'midway.jpg'), 5, hash);
    // A later move that did no file at all (cancelled at once, say) does not stand in Ctrl+Z's way.
    files.startBatch('move', 'move 1 photo into "kinds" categories', record);
    const undone = await history.undo();
    expect(undone.entry).toMatchObject({ kind: 'move', batchId: killed });
    expect(await readFile(source, 'utf8')).toBe('photo');
    expect(files.getBatch(killed)?.undoneAt).not.toBeNull();
  });

  it('forgets the entry of a move that did no file', async () => {
    const before = history.list().length;
    const report = await new FileMover(files, undefined, journal).run('move', 'move 1 photo', [
      { source: join(dir, 'gone.jpg'), destination: join(dir, 'x', 'gone.jpg') },
    ]);
    expect(report.batchId).toBeNull();
    expect(history.list()).toHaveLength(before);
    expect(heard.at(-1)).toBe('forgotten');
  });

  it('counts a move undone by the one-step undo as undone', async () => {
    await moveTwo();
    await new UndoService(files).undoLast();
    expect(history.list()[0]?.undoneAt).not.toBeNull();
    await expect(history.undo()).rejects.toThrow(/nothing to undo/);
  });
});

describe('library folders', () => {
  it('undoes a removed folder by adding it back, and refuses once it is in the library again', async () => {
    const folder = join(dir, 'in');
    await mkdir(folder, { recursive: true });
    journal.record(`Removed the folder ${folder} from the library.`, { kind: 'folder-remove', path: folder });
    const [entry] = history.list();
    expect(entry?.cannotUndo).toBeUndefined();
    expect((await history.undo()).sentence).toBe(`Put ${folder} back in the library; its photos are being read again.`);
    journal.record(`Removed the folder ${folder} from the library.`, { kind: 'folder-remove', path: folder });
    expect(history.list()[0]?.cannotUndo).toBe('the folder is in the library again');
  });
});
