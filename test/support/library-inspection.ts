/**
 * What the reliability tests check after a fault, read straight from the library's SQLite file
 * (not through Lumen), and the real CLI run in a child process.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export const REPO_ROOT = join(import.meta.dirname, '../..');

export interface LibraryState {
  /** PRAGMA integrity_check: 'ok' when healthy. */
  integrity: string;
  /** Rows PRAGMA foreign_key_check reports. */
  foreignKeyProblems: number;
  photos: number;
  /** Distinct photo paths: equal to `photos` when no photo is there twice. */
  distinctPaths: number;
  embeddings: number;
  /** Rows in the sqlite-vec index (its rowid shadow table), 0 when there is none yet. */
  vectors: number;
  /** Rows in photo_errors (files recorded as unreadable). */
  errors: number;
  /** Photo path → its stored vector, as bytes. */
  vectorsByPath: Map<string, Buffer>;
}

export function inspectLibrary(libraryDir: string): LibraryState {
  const db = new Database(join(libraryDir, 'lumen.db'), { readonly: true, fileMustExist: true });
  try {
    const count = (sql: string): number => db.prepare(sql).pluck().get() as number;
    const vecRowids = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'vec_tower_%_rowids'").pluck().all() as string[];
    const rows = db.prepare('SELECT p.path AS path, e.vector AS vector FROM photos p JOIN embeddings e ON e.photo_id = p.id').all() as Array<{
      path: string;
      vector: Buffer;
    }>;
    return {
      integrity: (db.pragma('integrity_check', { simple: true }) as string) ?? 'no answer',
      foreignKeyProblems: (db.pragma('foreign_key_check') as unknown[]).length,
      photos: count('SELECT count(*) FROM photos'),
      distinctPaths: count('SELECT count(DISTINCT path) FROM photos'),
      embeddings: count('SELECT count(*) FROM embeddings'),
      vectors: vecRowids.reduce((sum, table) => sum + count(`SELECT count(*) FROM "${table}"`), 0),
      errors: count('SELECT count(*) FROM photo_errors'),
      vectorsByPath: new Map(rows.map((row) => [row.path, row.vector])),
    };
  } finally {
    db.close();
  }
}

export interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The `{ ok: false, error }` line of a failed `--json` run, when there is one. */
  error?: { code: string; message: string };
}

/** Runs `lumen <args>` as its own process (with its own embed workers), as a user would. */
export function runLumenProcess(args: readonly string[]): { outcome: Promise<CliOutcome>; pid: number | undefined } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/node/cli/main.ts', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const outcome = new Promise<CliOutcome>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const failed = stdout
        .split('\n')
        .filter((line) => line.startsWith('{"ok":false'))
        .map((line) => (JSON.parse(line) as { error: { code: string; message: string } }).error)[0];
      resolve({ code, stdout, stderr, ...(failed ? { error: failed } : {}) });
    });
  });
  return { outcome, pid: child.pid };
}

export function runLumen(args: readonly string[]): Promise<CliOutcome> {
  return runLumenProcess(args).outcome;
}
