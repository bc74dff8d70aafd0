import { UsageError } from './cli-io';
import { parseNumberOption } from './number-option';

/** Options of `lumen serve`, merged into the command line's options by cli-args.ts. */
export const SERVE_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'new-token': { type: 'boolean' },
} as const;

export interface ServeOptions {
  /** The port asked for (0: any free one); null: the one this library was served on last time, else the default. */
  port: number | null;
  host: string;
  /** Replace the library's saved token: addresses printed before stop working. */
  newToken: boolean;
}

export const DEFAULT_SERVE_PORT = 7447;

export function parseServeOptions(values: { port?: string | undefined; host?: string | undefined; 'new-token'?: boolean | undefined }): ServeOptions {
  const port = parseNumberOption(values.port, '--port', { min: 0, max: 65_535, integer: true }) ?? null;
  const host = values.host ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) throw new UsageError(`--host must be a host name or IP address, not "${host}"`);
  return { port, host, newToken: values['new-token'] === true };
}
