import { parseArgs } from 'node:util';
import { VECTOR_BACKENDS, type VectorBackendName } from '../../../src-common/contract';
import { UsageError } from './cli-io';
import { COMMAND_OPTIONS, type CommandOptionValues } from './command-options';
import { checkCommandOptions } from './command-table';
import { MODEL_OPTIONS, parseDevice, parseModelOptions, type ModelCommandOptions } from './model-options';
import type { DeviceChoice } from '../model/execution-device';
import { parseServeOptions, SERVE_OPTIONS, type ServeOptions } from './serve-options';
import { unknownOptionError } from './unknown-option';

export interface GlobalOptions {
  library: string | undefined;
  model: string | undefined;
  vectorBackend: VectorBackendName | undefined;
  /** `--device auto|cpu|webgpu|cuda|dml|coreml`. */
  device: DeviceChoice | undefined;
  json: boolean;
}

export interface ParsedCommand {
  command: string | undefined;
  positionals: string[];
  global: GlobalOptions;
  limit: number | undefined;
  errors: boolean;
  /** `lumen index --watch`: keep indexing changes until interrupted. */
  watch: boolean;
  /** `--poll <seconds>`: watch by polling (network shares) instead of change notifications. */
  pollSeconds: number | undefined;
  /** `lumen index --retry-errors`: try unreadable files again even if unchanged. */
  retryErrors: boolean;
  /** `lumen index --refresh-metadata`: read GPS, zone and dates again for photos indexed by an older Lumen. */
  refreshMetadata: boolean;
  help: boolean;
  version: boolean;
  /** Options of the search, tag, classify and undo commands (see command-options.ts). */
  options: CommandOptionValues;
  /** `lumen serve --port --host --new-token`. */
  serve: ServeOptions;
  /** `lumen model … --id --variant`. */
  modelCommand: ModelCommandOptions;
}

/** Every option the parser reads; command-table.ts says which command takes which. */
export const OPTIONS = {
  library: { type: 'string' },
  model: { type: 'string' },
  'vector-backend': { type: 'string' },
  json: { type: 'boolean', default: false },
  limit: { type: 'string', short: 'n' },
  errors: { type: 'boolean', default: false },
  watch: { type: 'boolean', default: false },
  poll: { type: 'string' },
  'retry-errors': { type: 'boolean', default: false },
  'refresh-metadata': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
  ...COMMAND_OPTIONS,
  ...SERVE_OPTIONS,
  ...MODEL_OPTIONS,
} as const;

function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const limit = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new UsageError(`--limit must be a whole number from 1 to 1000, not "${value}"`);
  }
  return limit;
}

function parsePollSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || seconds < 1 || seconds > 86_400) {
    throw new UsageError(`--poll must be a number of seconds from 1 to 86400, not "${value}"`);
  }
  return seconds;
}

/** A path option given as "" would resolve to the current folder without a word: refused instead. */
function nonEmptyPath(value: string | undefined, option: string, what: string): string | undefined {
  if (value === undefined || value.trim() !== '') return value;
  throw new UsageError(`${option} is empty: give it ${what}; an empty path would quietly mean the current folder`);
}

function parseBackend(value: string | undefined): VectorBackendName | undefined {
  if (value === undefined) return undefined;
  if ((VECTOR_BACKENDS as readonly string[]).includes(value)) return value as VectorBackendName;
  throw new UsageError(`--vector-backend must be one of ${VECTOR_BACKENDS.join(', ')}, not "${value}"`);
}

export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  let parsed;
  try {
    // `--` ends options, so file names with a leading dash can be given after it.
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw unknownOptionError(argv, OPTIONS);
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
  const { values, positionals, tokens } = parsed;
  const [command, ...rest] = positionals;
  checkCommandOptions(
    command,
    tokens.flatMap((token) => (token.kind === 'option' ? [token.name] : [])),
  );
  return {
    command,
    positionals: rest,
    global: {
      library: nonEmptyPath(values.library, '--library', "the library's folder (it is made if missing)"),
      model: nonEmptyPath(values.model, '--model', "a model's folder"),
      vectorBackend: parseBackend(values['vector-backend']),
      device: parseDevice(values.device),
      json: values.json,
    },
    limit: parseLimit(values.limit),
    errors: values.errors,
    watch: values.watch || values.poll !== undefined,
    pollSeconds: parsePollSeconds(values.poll),
    retryErrors: values['retry-errors'],
    refreshMetadata: values['refresh-metadata'],
    help: values.help,
    version: values.version,
    options: values,
    serve: parseServeOptions(values),
    modelCommand: parseModelOptions(values),
  };
}
