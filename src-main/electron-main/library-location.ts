/**
 * Which library the desktop app opens: `LUMEN_LIBRARY` when set, else the folder chosen in
 * Settings (kept in userData/library-location.json, like the window state), else the default.
 * A new choice is applied by relaunching the app, since the library process owns the old one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LibraryLocation } from '../../src-common/lumen-host';
import { FolderPathSchema } from '../../src-common/contract-arguments';
import { parseArgument } from '../../src-common/schema-kit';

const FILE = 'library-location.json';

/** The chosen folder saved in the file, or null when there is none (missing, unreadable, not ours). */
export function parseLibraryLocation(text: string | null): string | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const checked = parseArgument(FolderPathSchema, (value as Record<string, unknown>)['library']);
    return checked.ok ? checked.value : null;
  } catch {
    return null;
  }
}

export function loadChosenLibrary(userDataDir: string): string | null {
  try {
    return parseLibraryLocation(readFileSync(join(userDataDir, FILE), 'utf8'));
  } catch {
    return null;
  }
}

/** Saves the choice (null: back to the default). Throws when it cannot be written: the user must know. */
export function saveChosenLibrary(userDataDir: string, library: string | null): void {
  writeFileSync(join(userDataDir, FILE), JSON.stringify(library === null ? {} : { library }));
}

/** Where this run's library is and why. */
export function resolveLibraryLocation(env: NodeJS.ProcessEnv, chosen: string | null, defaultPath: string): LibraryLocation {
  const fromEnv = env['LUMEN_LIBRARY'];
  if (fromEnv) return { path: fromEnv, source: 'environment', defaultPath };
  if (chosen) return { path: chosen, source: 'chosen', defaultPath };
  return { path: defaultPath, source: 'default', defaultPath };
}
