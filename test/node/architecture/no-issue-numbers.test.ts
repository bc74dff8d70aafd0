/**
 * Code, tests, benchmarks and tools name what things are, not the tracker entry they came from:
 * an issue number means nothing to the next reader once the issue is closed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const FOLDERS = ['src-common', 'src-main', 'src-renderer', 'test', 'bench', 'tools', 'scripts'];
const SKIPPED_FOLDERS = new Set(['node_modules', 'fixtures']);
const ISSUE_NUMBER = /\bissues?\s*#?\d+|\bGH-\d+/i;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : sourceFiles(path);
    return /\.(ts|mts|js|mjs|cjs|svelte|sh)$/.test(entry.name) ? [path] : [];
  });
}

describe('the source tree', () => {
  it('mentions no issue numbers', () => {
    const files = FOLDERS.flatMap((folder) => sourceFiles(join(ROOT, folder)));
    expect(files.length).toBeGreaterThan(200);
    const found = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (ISSUE_NUMBER.test(line) ? [`${file.slice(ROOT.length + 1)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });
});
