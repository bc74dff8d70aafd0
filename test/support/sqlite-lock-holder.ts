/**
 * A second process that holds a library's write lock on command, the way another program (a backup
 * tool, a second Lumen, `sqlite3` in a terminal) would. Run with `node --import tsx <this> <db>`;
 * it reads commands from stdin, one per line, and answers on stdout:
 *   wal                → PRAGMA journal_mode = WAL (as Lumen keeps its libraries) → "wal"
 *   lock               → BEGIN IMMEDIATE (waits up to 30 s for the lock) → "locked"
 *   release            → COMMIT → "released"
 *   release-after <ms> → "releasing", then COMMIT after <ms> → "released"
 * It exits when stdin closes, releasing anything it holds.
 */
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';

const path = process.argv[2];
if (!path) throw new Error('usage: sqlite-lock-holder <database>');
const db = new Database(path, { timeout: 30_000 });

function answer(line: string): void {
  process.stdout.write(`${line}\n`);
}

function release(): void {
  if (db.open && db.inTransaction) db.exec('COMMIT');
  answer('released');
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [command, argument] = line.trim().split(/\s+/);
  try {
    if (command === 'wal') {
      db.pragma('journal_mode = WAL');
      answer('wal');
    } else if (command === 'lock') {
      db.exec('BEGIN IMMEDIATE');
      answer('locked');
    } else if (command === 'release') {
      release();
    } else if (command === 'release-after') {
      answer('releasing');
      setTimeout(release, Number(argument));
    } else {
      answer(`unknown command ${command ?? ''}`);
    }
  } catch (error) {
    answer(`error ${(error as { code?: string }).code ?? ''} ${(error as Error).message}`);
  }
});
lines.on('close', () => {
  if (db.inTransaction) db.exec('ROLLBACK');
  db.close();
});
answer('ready');
