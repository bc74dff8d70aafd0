import { UsageError } from './cli-io';
import { parseNumberOption } from './number-option';

/** Options of `lumen serve`, merged into the command line's options by cli-args.ts. */
export const SERVE_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
} as const;

export interface ServeOptions {
  /** 0 picks a free port. */
  port: number;
  host: string;
}

export const DEFAULT_SERVE_PORT = 7447;

export function parseServeOptions(values: { port?: string | undefined; host?: string | undefined }): ServeOptions {
  const port = parseNumberOption(values.port, '--port', { min: 0, max: 65_535, integer: true }) ?? DEFAULT_SERVE_PORT;
  const host = values.host ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) throw new UsageError(`--host must be a host name or IP address, not "${host}"`);
  return { port, host };
}
