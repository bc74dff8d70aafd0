import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function isLumenPackageRoot(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'lumen';
  } catch {
    return false;
  }
}

/** The checkout or installed package root, found from this file whether it runs from source or from out/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (isLumenPackageRoot(dir)) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

/** `resources/` of the checkout, or of the packaged app (Electron sets process.resourcesPath). */
export function resourcesDir(): string {
  const packaged = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (packaged && existsSync(join(packaged, 'models'))) return packaged;
  return join(packageRoot(), 'resources');
}

export const DEMO_MODEL_NAME = 'shapes-lit';

export function bundledModelFolder(): string {
  return join(resourcesDir(), 'models', DEMO_MODEL_NAME);
}
