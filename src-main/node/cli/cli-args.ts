import { parseArgs } from 'node:util';
import { VECTOR_BACKENDS, type VectorBackendName } from '../../../src-common/contract';
import { UsageError } from './cli-io';

export interface GlobalOptions {
  library: string | undefined;
  model: string | undefined;
  vectorBackend: VectorBackendName | undefined;
  json: boolean;
}

export interface ParsedCommand {
  command: string | undefined;
  positionals: string[];
  global: GlobalOptions;
  limit: number | undefined;
  errors: boolean;
  help: boolean;
  version: boolean;
}

const OPTIONS = {
  library: { type: 'string' },
  model: { type: 'string' },
  'vector-backend': { type: 'string' },
  json: { type: 'boolean', default: false },
  limit: { type: 'string', short: 'n' },
  errors: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const limit = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new UsageError(`--limit must be a whole number from 1 to 1000, not "${value}"`);
  }
  return limit;
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
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  return {
    command,
    positionals: rest,
    global: {
      library: values.library,
      model: values.model,
      vectorBackend: parseBackend(values['vector-backend']),
      json: values.json,
    },
    limit: parseLimit(values.limit),
    errors: values.errors,
    help: values.help,
    version: values.version,
  };
}
