import type Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import * as sqliteVss from 'sqlite-vss';
import { LumenFailure } from '../../../../src-common/result';
import type { VectorBackendName } from './vector-index';

/** sqlite-vss publishes builds for these only (no Windows, no Linux arm64). */
const VSS_PLATFORMS: readonly string[] = ['linux-x64', 'darwin-x64', 'darwin-arm64'];

const VERSION_PROBE: Record<VectorBackendName, string> = { vss: 'SELECT vss_version()', vec: 'SELECT vec_version()' };

/** Loads the backend's SQLite extension into this connection unless it is there already. */
export function loadVectorExtension(connection: Database.Database, backend: VectorBackendName): void {
  if (isLoaded(connection, backend)) return;
  if (backend === 'vss') loadVss(connection);
  else loadVec(connection);
}

function isLoaded(connection: Database.Database, backend: VectorBackendName): boolean {
  try {
    connection.prepare(VERSION_PROBE[backend]).get();
    return true;
  } catch {
    return false;
  }
}

function loadVss(connection: Database.Database): void {
  const platform = `${process.platform}-${process.arch}`;
  // Checked here because the package's own check is broken and would report a confusing "not found".
  if (!VSS_PLATFORMS.includes(platform)) throw unavailable('vss', `sqlite-vss has no build for ${platform}`);
  // Faiss parallelises through OpenMP, whose threads spin while waiting: on a 2-core machine that is
  // busy anyway, one search took 84 ms instead of 0.9 ms (bench/search.ts notes). libgomp reads this
  // once, when sqlite-vss first loads it; a user's own setting wins.
  process.env.OMP_NUM_THREADS ??= '1';
  try {
    sqliteVss.load(connection);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const hint = /blas|lapack|gomp/i.test(reason)
      ? ' (it needs the system BLAS, LAPACK and OpenMP libraries, e.g. Debian packages libblas3 liblapack3 libgomp1)'
      : '';
    throw unavailable('vss', `${reason}${hint}`);
  }
}

function loadVec(connection: Database.Database): void {
  try {
    sqliteVec.load(connection);
  } catch (error) {
    throw unavailable('vec', error instanceof Error ? error.message : String(error));
  }
}

function unavailable(backend: VectorBackendName, reason: string): LumenFailure {
  const other: VectorBackendName = backend === 'vss' ? 'vec' : 'vss';
  return new LumenFailure(
    'vector-backend-unavailable',
    `the ${backend === 'vss' ? 'sqlite-vss' : 'sqlite-vec'} vector backend cannot be loaded: ${reason}. Try --vector-backend ${other}.`,
  );
}
