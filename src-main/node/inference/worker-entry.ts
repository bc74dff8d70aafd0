import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WorkerEntry {
  script: string;
  execArgv: string[];
  /** Arguments after the worker's own (tests pass their entry's settings this way). */
  args?: string[];
}

/**
 * Where the worker's entry script is: next to the built bundle (out/main/embed-worker.js), or, when
 * running from TypeScript sources (tests, tsx), the source file loaded through tsx.
 */
export function resolveWorkerEntry(): WorkerEntry {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    return { script: join(dirname(here), '../indexer/embed-worker/worker-process.ts'), execArgv: ['--import', 'tsx'] };
  }
  for (let dir = dirname(here), i = 0; i < 3; dir = dirname(dir), i++) {
    const candidate = join(dir, 'embed-worker.js');
    if (existsSync(candidate)) return { script: candidate, execArgv: [] };
  }
  throw new Error(`cannot find embed-worker.js near ${here}; run the build first`);
}
