import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where a library lives unless `--library` (or LUMEN_LIBRARY) says otherwise: the per-user data
 * folder of each OS, the same one the desktop app uses.
 */
export function defaultLibraryDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  if (env['LUMEN_LIBRARY']) return env['LUMEN_LIBRARY'];
  switch (platform) {
    case 'win32':
      return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), 'Lumen', 'Library');
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Lumen', 'Library');
    default:
      return join(env['XDG_DATA_HOME'] ?? join(home, '.local', 'share'), 'lumen', 'library');
  }
}
