/** Every contract call answers with this shape, over IPC and HTTP alike (Signal-Desktop style). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: LumenError };

export interface LumenError {
  /** Stable machine-readable code, e.g. `bad-argument`, `missing-folder`, `missing-model`. */
  code: string;
  /** A sentence a person can act on. */
  message: string;
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function err<T = never>(code: string, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

/** Error thrown inside services; carries a stable code so CLI, IPC and HTTP can report it the same way. */
export class LumenFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'LumenFailure';
  }
}
