/**
 * Which options each command takes, and its own `--help`. The parser knows every option (so values
 * are read right wherever they stand); this table then refuses an option the command does not take,
 * naming both: `lumen status --move` is an error, not a flag quietly ignored.
 */
import { UsageError } from './cli-io';
import { HELP_TEXT } from './help-text';

/** Options every command takes. */
export const GLOBAL_OPTION_NAMES = ['library', 'model', 'vector-backend', 'device', 'json', 'help', 'version'] as const;

export const COMMAND_OPTION_NAMES: Readonly<Record<string, readonly string[]>> = {
  index: ['watch', 'poll', 'retry-errors', 'refresh-metadata'],
  search: ['limit', 'like', 'text-weight', 'folder', 'from', 'to', 'tag', 'camera', 'place', 'type', 'include-offline', 'include-undated', 'offset', 'group'],
  tag: ['description', 'threshold', 'tag', 'folder', 'photo', 'all', 'sidecar', 'embed-in-originals'],
  category: ['description', 'example', 'folder', 'unsure-below', 'rename', 'default-folder', 'move'],
  classify: ['into', 'move', 'copy', 'dry-run'],
  undo: [],
  history: [],
  status: ['errors'],
  serve: ['port', 'host', 'new-token'],
  config: [],
  exclude: [],
  model: ['id', 'variant'],
  help: [],
};

export function isCommand(word: string | undefined): word is string {
  return word !== undefined && Object.hasOwn(COMMAND_OPTION_NAMES, word);
}

/** Throws a usage error for the first option given that `command` does not take. */
export function checkCommandOptions(command: string | undefined, given: readonly string[]): void {
  if (!isCommand(command)) return;
  const own = COMMAND_OPTION_NAMES[command] ?? [];
  const stray = given.find((name) => !(GLOBAL_OPTION_NAMES as readonly string[]).includes(name) && !own.includes(name));
  if (stray === undefined) return;
  const takes = own.length > 0 ? `it takes ${own.map((name) => `--${name}`).join(', ')}` : 'it takes only the options of every command';
  throw new UsageError(`lumen ${command} does not take --${stray}: ${takes} (lumen ${command} --help)`);
}

/** The command's lines of the usage text, and the options every command takes. */
export function commandHelp(command: string): string {
  const lines = HELP_TEXT.split('\n');
  const own: string[] = [];
  let inside = false;
  for (const line of lines) {
    if (line.startsWith('  lumen ')) inside = line.startsWith(`  lumen ${command} `) || line === `  lumen ${command}`;
    else if (!line.startsWith('        ')) inside = false;
    if (inside) own.push(line);
  }
  const common = HELP_TEXT.slice(HELP_TEXT.indexOf('Options (every command):'));
  return `Usage:\n${own.join('\n')}\n\n${common}`;
}
