import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerEntry } from '../../../inference/worker-entry';

/**
 * Where the rebuild worker's entry script is: next to the built bundle (out/main/vector-rebuild-worker.js),
 * or, when running from TypeScript sources (tests, tsx), the source file loaded through tsx.
 * Same scheme as the embed worker (see worker-entry.ts).
 */
export function resolveRebuildWorkerEntry(): WorkerEntry {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    return { script: join(dirname(here), 'rebuild-worker-main.ts'), execArgv: ['--import', 'tsx'] };
  }
  for (let dir = dirname(here), i = 0; i < 3; dir = dirname(dir), i++) {
    const candidate = join(dir, 'vector-rebuild-worker.js');
    if (existsSync(candidate)) return { script: candidate, execArgv: [] };
  }
  throw new Error(`cannot find vector-rebuild-worker.js near ${here}; run the build first`);
}
