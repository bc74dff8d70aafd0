import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_HUB_ENDPOINT } from './hub-source';

/**
 * Where installed models live, shared by every library of the user: `$LUMEN_MODELS`, else a
 * `models` folder beside the default library in the per-user data folder.
 */
export function defaultModelsDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  if (env['LUMEN_MODELS']) return env['LUMEN_MODELS'];
  switch (platform) {
    case 'win32':
      return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), 'Lumen', 'Models');
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Lumen', 'Models');
    default:
      return join(env['XDG_DATA_HOME'] ?? join(home, '.local', 'share'), 'lumen', 'models');
  }
}

/**
 * The hub that `Org/name`, `hf://…` and catalogue installs download from: `$HF_ENDPOINT` (the
 * variable the hub's own tools read, for a mirror), else huggingface.co.
 */
export function defaultHubEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return env['HF_ENDPOINT']?.trim() || DEFAULT_HUB_ENDPOINT;
}
