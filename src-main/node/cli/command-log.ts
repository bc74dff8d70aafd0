/**
 * The log of the commands that open no services (`lumen model`, `config`, `exclude`): a child of
 * the library's pino logger (`<library>/logs/lumen.log`, `{ command }`), opened at its first line
 * and only when the library folder exists, so a refused command never creates a library to log in.
 */
import { existsSync } from 'node:fs';
import { openFileLogger, type FileLogger } from '../logging/file-logger';
import { UsageError } from './cli-io';
import { logFailure, type LogFields, type Logger, type LogLevel } from '../logging/logger';

export interface CommandLog {
  logger: Logger;
  close(): void;
}

function lazyLogger(open: () => Logger | null, bindings: LogFields): Logger {
  const line =
    (level: LogLevel) =>
    (fields: LogFields, message: string): void =>
      open()?.[level]({ ...bindings, ...fields }, message);
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'), child: (more) => lazyLogger(open, { ...bindings, ...more }) };
}

export function openCommandLog(libraryDir: string, command: string): CommandLog {
  let file: FileLogger | null = null;
  const open = (): Logger | null => {
    if (!file && existsSync(libraryDir)) file = openFileLogger(libraryDir, { process: 'cli' });
    return file?.logger ?? null;
  };
  return { logger: lazyLogger(open, { command }), close: () => file?.close() };
}

/** Runs such a command; its failure is logged (a LumenFailure at warn, anything else with its stack) before the person gets the sentence. */
export async function withCommandLog<T>(libraryDir: string, command: string, run: (logger: Logger) => Promise<T> | T): Promise<T> {
  const log = openCommandLog(libraryDir, command);
  try {
    return await run(log.logger);
  } catch (error) {
    // A usage error is the person's typo, not a defect: one info line, without a stack.
    if (error instanceof UsageError) log.logger.info({ reason: error.message }, `lumen ${command} refused its arguments`);
    else logFailure(log.logger, error, `lumen ${command} failed`);
    throw error;
  } finally {
    log.close();
  }
}
