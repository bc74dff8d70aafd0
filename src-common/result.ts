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

/**
 * What a person is told when something fails that Lumen did not foresee: never the raw exception,
 * which can quote file contents, paths of other users or stack frames. The raw error goes to the log.
 */
export const UNEXPECTED_FAILURE_MESSAGE =
  "Lumen ran into an unexpected problem and could not finish this; the details are in Lumen's log file (lumen status shows where).";

/** A caught error as a `LumenError`: Lumen's own failures keep their sentence, anything else gets the plain one. */
export function describeCaught(caught: unknown): LumenError {
  if (caught instanceof LumenFailure) return { code: caught.code, message: caught.message };
  return { code: 'internal-error', message: UNEXPECTED_FAILURE_MESSAGE };
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
