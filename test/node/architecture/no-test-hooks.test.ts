/**
 * Production code carries no test hooks: tests inject what they need (a worker entry, a session
 * factory, a beforeSwap hook) instead of the product reading test switches from the environment.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC_MAIN = join(import.meta.dirname, '../../../src-main');
/** Names of the switches and test-only state production code once had, none of which may come back. */
const FORBIDDEN = [/LUMEN_TEST_/, /holdBeforeSwap|holdRebuildBeforeSwap/, /\blastPlan\b/];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js|mjs|svelte)$/.test(entry.name) ? [path] : [];
  });
}

describe('src-main', () => {
  it('reads no test switches and keeps no test-only state', () => {
    const files = sourceFiles(SRC_MAIN);
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (FORBIDDEN.some((pattern) => pattern.test(line)) ? [`${file.slice(SRC_MAIN.length + 1)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });
});
