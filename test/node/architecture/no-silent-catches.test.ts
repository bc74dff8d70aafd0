/**
 * No catch in production code drops an error without a word: a rejection handler that returns
 * nothing (`.catch(() => undefined)`, `() => undefined` as a then's second argument, an empty
 * `catch {}`) must say why in a comment on one of the four lines above it, or log the error instead.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const SILENT = [/\.catch\(\(\) => (undefined|\{\s*\})\)/, /^\s*\(\) => undefined,?\s*$/, /catch\s*(\(\w*\))?\s*\{\s*\}/];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('catches in src-main', () => {
  it('every one that ignores an error says why just above it', () => {
    const unexplained: string[] = [];
    for (const file of sourceFiles(join(ROOT, 'src-main'))) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (!SILENT.some((pattern) => pattern.test(line))) return;
        // `() => undefined` alone on a line is a rejection handler only as a then's second argument.
        if (/^\s*\(\) => undefined/.test(line) && !/\.then\($/.test(lines[i - 2]?.trim() ?? '')) return;
        const above = lines.slice(Math.max(0, i - 4), i + 1).join('\n');
        if (!/\/\/|\/\*|\*\//.test(above)) unexplained.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(unexplained).toEqual([]);
  });
});
