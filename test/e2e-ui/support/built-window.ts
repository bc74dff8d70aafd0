/** The e2e suite drives the built window (out/renderer); build it once when missing. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function ensureBuiltWindow(): void {
  const root = join(import.meta.dirname, '..', '..', '..');
  if (existsSync(join(root, 'out', 'renderer', 'index.html')) && existsSync(join(root, 'out', 'main', 'cli.js'))) return;
  execFileSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
}
