/**
 * What `lumen undo` prints for a move put back, over real files and a real library database: a file
 * name holding terminal controls (any program may have named it) is printed escaped, so it cannot
 * clear the screen or colour what follows.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileJournal } from '../../../src-main/node/classify/file-journal';
import { FileMover } from '../../../src-main/node/classify/file-mover';
import { UndoService } from '../../../src-main/node/classify/undo-service';
import { undoneText } from '../../../src-main/node/cli/commands/undo-command';
import { HistoryJournal } from '../../../src-main/node/history/history-journal';
import { HistoryService } from '../../../src-main/node/history/history-service';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { makeTempDir } from '../library/library-fixtures';

let dir: string;
let cleanup: () => void;
let db: LibraryDb;

beforeEach(() => {
  ({ dir, cleanup } = makeTempDir());
  db = LibraryDb.open(join(dir, 'library'));
});

afterEach(() => {
  db.close();
  cleanup();
});

describe('lumen undo’s text', () => {
  it('escapes terminal controls in the names of the files put back', async () => {
    const journal = new HistoryJournal(db);
    const files = new FileJournal(db);
    const history = new HistoryService({
      db,
      journal,
      files,
      undo: new UndoService(files),
      folders: { isLibraryFolder: () => false, isBeingIndexed: () => false, add: () => Promise.resolve(), remove: () => undefined },
    });
    const source = join(dir, 'in', 'beach\u001b[2J.jpg');
    const destination = join(dir, 'sorted', 'beach\u001b[2J.jpg');
    await mkdir(join(dir, 'in'));
    await writeFile(source, 'photo bytes');
    await new FileMover(files, undefined, journal).run('move', 'move 1 photo into "kinds" categories', [{ source, destination }]);

    const text = undoneText(await history.undo());
    expect(existsSync(source)).toBe(true);
    expect(text).not.toContain('\u001b');
    expect(text).toContain(`  ${join(dir, 'sorted', 'beach\\x1b[2J.jpg')} → ${join(dir, 'in', 'beach\\x1b[2J.jpg')}\n`);
  });
});
