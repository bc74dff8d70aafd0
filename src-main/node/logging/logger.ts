import { LumenFailure } from '../../../src-common/result';

/**
 * The structured logger every service takes in its constructor. Its shape is pino's (fields first,
 * then the message), so the file logger is pino itself and tests can pass a logger that records.
 */
export type LogFields = Readonly<Record<string, unknown>>;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(fields: LogFields, message: string): void;
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
  /** A logger whose lines carry `bindings` as well (one per service: `{ service: 'tags' }`). */
  child(bindings: LogFields): Logger;
}

/** For code run where no log is kept (one-off tools); a service is always given a real one. */
export const discardingLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => discardingLogger,
};

/**
 * A failure that was answered to a person (a Result, a run's last error): a LumenFailure, which says
 * what happened in words, at warn; anything else is a defect of ours, at error with its stack.
 */
export function logFailure(logger: Logger, error: unknown, message: string, more: LogFields = {}): void {
  if (error instanceof LumenFailure) logger.warn(errorFields(error, { code: error.code, ...more }), message);
  else logger.error(errorFields(error, more), message);
}

/** An error as log fields: pino writes `err` with its type, message and stack. */
export function errorFields(error: unknown, more: LogFields = {}): LogFields {
  return { ...more, err: error instanceof Error ? error : new Error(String(error)) };
}
