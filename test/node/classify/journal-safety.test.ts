/**
 * The file journal against the disk it describes: a step left half done by a crash, a journal row
 * that no longer matches the disk (tampered with, or stale), and a photo folder removed since the
 * move. Photos live under the OS temp folder, category folders on a tmpfs under /dev/shm, so every
 * move crosses volumes as it does for a photo library and a USB drive.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileJournal } from '../../../src-main/node/classify/file-journal';
import { FileMover } from '../../../src-main/node/classify/file-mover';
import { partialPathFor } from '../../../src-main/node/classify/partial-file-name';
import { UndoService } from '../../../src-main/node/classify/undo-service';
import { LibraryDb } from '../../../src-main/node/library/library-db';

let photos: string;
let sorted: string;
let db: LibraryDb;
let journal: FileJournal;

const sha256 = (bytes: string | Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Writes photos a.jpg, b.jpg, … with distinct bytes and returns their paths. */
async function writePhotos(folder: string, names: readonly string[]): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  return Promise.all(
    names.map(async (name) => {
      const path = join(folder, name);
      await writeFile(path, `the bytes of ${name} `.repeat(4000));
      return path;
    }),
  );
}

beforeEach(async () => {
  photos = await mkdtemp(join(tmpdir(), 'lumen-journal-'));
  sorted = await mkdtemp(join('/dev/shm', 'lumen-journal-'));
  db = LibraryDb.open(join(photos, 'library'));
  journal = new FileJournal(db);
});

afterEach(async () => {
  db.close();
  await rm(photos, { recursive: true, force: true });
  await rm(sorted, { recursive: true, force: true });
});

describe('undo checks every file against the journal before it touches it', () => {
  it('leaves an unrelated file named by a tampered row where it is, reports it, and puts the rest back', async () => {
    const [a, b, c] = (await writePhotos(join(photos, 'in'), ['a.jpg', 'b.jpg', 'c.jpg'])) as [string, string, string];
    const unrelated = join(photos, 'elsewhere', 'tax-return.pdf');
    await mkdir(join(photos, 'elsewhere'));
    await writeFile(unrelated, 'not a photo, and not Lumen’s');
    await new FileMover(journal).run(
      'move',
      'test move',
      [a, b, c].map((source, i) => ({ source, destination: join(sorted, `${i}.jpg`) })),
    );
    // Someone (or something) edits the journal: the second row now names an unrelated file.
    db.connection.prepare('UPDATE file_operations SET destination = ? WHERE destination = ?').run(unrelated, join(sorted, '1.jpg'));

    const undone = await new UndoService(journal).undoLast();
    expect(await readFile(unrelated, 'utf8')).toBe('not a photo, and not Lumen’s');
    expect(existsSync(b)).toBe(false);
    expect(undone.kept).toEqual([{ path: unrelated, reason: expect.stringMatching(/not the photo Lumen moved there/) as unknown as string }]);
    expect(undone.restored.map((r) => r.to).sort()).toEqual([a, c]);
    expect(await readFile(a, 'utf8')).toMatch(/^the bytes of a\.jpg/);
    expect(await readFile(c, 'utf8')).toMatch(/^the bytes of c\.jpg/);
    // The real moved file stays where the move put it: nothing is lost.
    expect(await readFile(join(sorted, '1.jpg'), 'utf8')).toMatch(/^the bytes of b\.jpg/);
  });

  it('does not delete a copy whose original is gone: it may be the only one left', async () => {
    const [a] = (await writePhotos(join(photos, 'in'), ['a.jpg'])) as [string];
    await new FileMover(journal).run('copy', 'test copy', [{ source: a, destination: join(sorted, 'a.jpg') }]);
    await rm(a);
    const undone = await new UndoService(journal).undoLast();
    expect(undone.restored).toEqual([]);
    expect(undone.kept).toEqual([{ path: join(sorted, 'a.jpg'), reason: expect.stringMatching(/original .* is gone or changed/) as unknown as string }]);
    expect(await readFile(join(sorted, 'a.jpg'), 'utf8')).toMatch(/^the bytes of a\.jpg/);
  });

  it('recreates the folder a photo was moved out of when it is gone', async () => {
    const [a] = (await writePhotos(join(photos, 'trip', 'day 1'), ['a.jpg'])) as [string];
    const bytes = await readFile(a);
    await new FileMover(journal).run('move', 'test move', [{ source: a, destination: join(sorted, 'a.jpg') }]);
    await rm(join(photos, 'trip'), { recursive: true });
    const undone = await new UndoService(journal).undoLast();
    expect(undone.kept).toEqual([]);
    expect(undone.restored).toEqual([{ from: join(sorted, 'a.jpg'), to: a }]);
    expect(sha256(await readFile(a))).toBe(sha256(bytes));
    expect(await filesUnder(sorted)).toEqual([]);
  });
});

describe('a step a crash left half done', () => {
  it('undo deletes a verified copy whose original is still in place, instead of moving it back as "(2)"', async () => {
    const [a] = (await writePhotos(join(photos, 'in'), ['a.jpg'])) as [string];
    const bytes = await readFile(a);
    // The state a move across volumes is in between its copy and deleting the source.
    const batch = journal.startBatch('move', 'killed move');
    const id = journal.plan(batch, a, join(sorted, 'a.jpg'), bytes.length, sha256(bytes));
    await writeFile(join(sorted, 'a.jpg'), bytes);
    journal.setStatus(id, 'copied');

    const undone = await new UndoService(journal).undoLast();
    expect(undone.kept).toEqual([]);
    expect(await filesUnder(join(photos, 'in'))).toEqual([a]);
    expect(await readFile(a)).toEqual(bytes);
    expect(await filesUnder(sorted)).toEqual([]);
  });

  it('undo removes the half-written temporary copy a killed move left, and leaves the original alone', async () => {
    const [a] = (await writePhotos(join(photos, 'in'), ['a.jpg'])) as [string];
    const bytes = await readFile(a);
    const batch = journal.startBatch('move', 'killed move');
    const id = journal.plan(batch, a, join(sorted, 'a.jpg'), bytes.length, sha256(bytes));
    await writeFile(partialPathFor(join(sorted, 'a.jpg'), id), bytes.subarray(0, 1000));

    const undone = await new UndoService(journal).undoLast();
    expect(undone).toMatchObject({ restored: [], kept: [] });
    expect(await readFile(a)).toEqual(bytes);
    expect(await filesUnder(sorted)).toEqual([]);
  });

  it('the next copy or move cleans up after a killed one before it starts', async () => {
    const [a, b] = (await writePhotos(join(photos, 'in'), ['a.jpg', 'b.jpg'])) as [string, string];
    const bytes = await readFile(a);
    const killed = journal.startBatch('move', 'killed move');
    const id = journal.plan(killed, a, join(sorted, 'a.jpg'), bytes.length, sha256(bytes));
    await writeFile(partialPathFor(join(sorted, 'a.jpg'), id), bytes.subarray(0, 1000));

    const report = await new FileMover(journal).run('move', 'next move', [{ source: b, destination: join(sorted, 'b.jpg') }]);
    expect(await filesUnder(sorted)).toEqual([join(sorted, 'b.jpg')]);
    expect(await filesUnder(join(photos, 'in'))).toEqual([a]);
    // The killed batch had nothing done, so it is closed: undo goes to the move that happened.
    expect(journal.getBatch(killed)?.undoneAt).not.toBeNull();
    expect((await new UndoService(journal).undoLast()).batchId).toBe(report.batchId);
    expect(await filesUnder(join(photos, 'in'))).toEqual([a, b]);
  });

  it('an undo killed after choosing a new name for a photo whose old name was taken resumes with that name, not a third one', async () => {
    const [a] = (await writePhotos(join(photos, 'in'), ['a.jpg'])) as [string];
    const bytes = await readFile(a);
    await new FileMover(journal).run('move', 'move', [{ source: a, destination: join(sorted, 'a.jpg') }]);
    await writeFile(a, 'a new photo that took the old name');
    // The killed undo had copied the photo back to "a (2).jpg" and not yet removed it from the destination.
    const [operation] = journal.operations(journal.lastOpenBatch()?.id ?? -1);
    journal.setStatus(operation?.id ?? -1, 'undoing');
    journal.setRestoredTo(operation?.id ?? -1, join(photos, 'in', 'a (2).jpg'));
    await writeFile(join(photos, 'in', 'a (2).jpg'), bytes);

    const undone = await new UndoService(journal).undoLast();
    expect(undone.restored).toEqual([{ from: join(sorted, 'a.jpg'), to: join(photos, 'in', 'a (2).jpg') }]);
    expect(await filesUnder(join(photos, 'in'))).toEqual([a, join(photos, 'in', 'a (2).jpg')].sort());
    expect(await filesUnder(sorted)).toEqual([]);
    expect(await readFile(a, 'utf8')).toBe('a new photo that took the old name');
  });
});

describe('what an older version left when it was killed mid-copy', () => {
  it('undo removes half a copy at the destination and leaves the original alone', async () => {
    const [a] = (await writePhotos(join(photos, 'in'), ['a.jpg'])) as [string];
    const bytes = await readFile(a);
    const batch = journal.startBatch('move', 'killed move');
    journal.plan(batch, a, join(sorted, 'a.jpg'), bytes.length, sha256(bytes));
    await writeFile(join(sorted, 'a.jpg'), bytes.subarray(0, 5000));

    await new UndoService(journal).undoLast();
    expect(await filesUnder(join(photos, 'in'))).toEqual([a]);
    expect(await readFile(a)).toEqual(bytes);
    expect(await filesUnder(sorted)).toEqual([]);
  });

  it('undo replaces half a photo at its old name (an undo killed mid-copy) with the whole one, not "(2)"', async () => {
    const [a] = (await writePhotos(join(photos, 'in'), ['a.jpg'])) as [string];
    const bytes = await readFile(a);
    await new FileMover(journal).run('move', 'move', [{ source: a, destination: join(sorted, 'a.jpg') }]);
    await writeFile(a, bytes.subarray(0, 5000));

    const undone = await new UndoService(journal).undoLast();
    expect(undone).toMatchObject({ restored: [{ from: join(sorted, 'a.jpg'), to: a }], kept: [] });
    expect(await filesUnder(join(photos, 'in'))).toEqual([a]);
    expect(await readFile(a)).toEqual(bytes);
    expect(await filesUnder(sorted)).toEqual([]);
  });
});

describe('one copy, move or undo at a time', () => {
  it('refuses a second process with a sentence while the first works, and lets it in afterwards', async () => {
    const [a] = (await writePhotos(join(photos, 'in'), ['a.jpg'])) as [string];
    // A second library connection stands for another process (the app beside `lumen classify`).
    const other = LibraryDb.open(join(photos, 'library'));
    try {
      const elsewhere = new FileJournal(other);
      await journal.lock.exclusively(async () => {
        await expect(new FileMover(elsewhere).run('copy', 'copy', [{ source: a, destination: join(sorted, 'a.jpg') }])).rejects.toMatchObject({
          code: 'files-busy',
          message: expect.stringMatching(/another Lumen process is copying, moving or undoing files for this library/) as unknown as string,
        });
        await expect(new UndoService(elsewhere).undoLast()).rejects.toMatchObject({ code: 'files-busy' });
      });
      expect((await new FileMover(elsewhere).run('copy', 'copy', [{ source: a, destination: join(sorted, 'a.jpg') }])).batchId).not.toBeNull();
    } finally {
      other.close();
    }
  });
});

describe('classify --move of files that are not there', () => {
  it('gives each missing file its own sentence and moves the rest', async () => {
    const [a] = (await writePhotos(join(photos, 'in'), ['a.jpg'])) as [string];
    const gone = join(photos, 'in', 'gone.jpg');
    const report = await new FileMover(journal).run('move', 'move', [
      { source: gone, destination: join(sorted, 'gone.jpg') },
      { source: a, destination: join(sorted, 'a.jpg') },
    ]);
    expect([...report.failed.entries()]).toEqual([[gone, 'it is not there any more (moved or deleted meanwhile?)']]);
    expect(await filesUnder(sorted)).toEqual([join(sorted, 'a.jpg')]);
  });

  it('never replaces a file at the destination, and leaves no temporary file', async () => {
    const [a, b] = (await writePhotos(join(photos, 'in'), ['a.jpg', 'b.jpg'])) as [string, string];
    await writeFile(join(sorted, 'taken.jpg'), 'someone else’s');
    for (const action of ['copy', 'move'] as const) {
      const report = await new FileMover(journal).run(action, action, [{ source: a, destination: join(sorted, 'taken.jpg') }]);
      expect(report.batchId).toBeNull();
      expect(report.failed.get(a)).toMatch(/already exists; nothing was (copied|moved)/);
    }
    expect(await readFile(join(sorted, 'taken.jpg'), 'utf8')).toBe('someone else’s');
    expect(await filesUnder(sorted)).toEqual([join(sorted, 'taken.jpg')]);
    expect(await filesUnder(join(photos, 'in'))).toEqual([a, b]);
  });
});
