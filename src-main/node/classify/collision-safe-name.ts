import { existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

/**
 * A destination in `folder` for a file called like `source` that neither exists on disk nor was
 * already given out in this batch: `beach.jpg`, then `beach (2).jpg`, `beach (3).jpg`, …
 */
export function collisionSafeDestination(folder: string, source: string, taken: Set<string>, exists: (path: string) => boolean = existsSync): string {
  const extension = extname(source);
  const stem = basename(source, extension);
  for (let n = 1; ; n++) {
    const candidate = join(folder, n === 1 ? `${stem}${extension}` : `${stem} (${n})${extension}`);
    if (!taken.has(candidate) && !exists(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
}
