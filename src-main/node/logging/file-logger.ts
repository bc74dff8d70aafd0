import { join } from 'node:path';
import { pino } from 'pino';
import type { Logger, LogLevel } from './logger';
import { DEFAULT_ROTATION, RotatingFile, type RotationOptions } from './rotating-file';

/** Where a library's log is kept: `<library>/logs/lumen.log` (and lumen.log.1 … when rotated). */
export function logFileOf(libraryDir: string): string {
  return join(libraryDir, 'logs', 'lumen.log');
}

export interface FileLoggerOptions {
  level?: LogLevel;
  rotation?: RotationOptions;
  /** Names the process in every line (`cli`, `serve`, `app`). */
  process?: string;
}

export interface FileLogger {
  logger: Logger;
  path: string;
  close(): void;
}

/** JSON lines (pino's format: time, level, msg, fields) appended to the library's rotating log file. */
export function openFileLogger(libraryDir: string, options: FileLoggerOptions = {}): FileLogger {
  const path = logFileOf(libraryDir);
  const file = new RotatingFile(path, options.rotation ?? DEFAULT_ROTATION);
  const logger = pino(
    { level: options.level ?? levelFromEnvironment(), base: { pid: process.pid, ...(options.process ? { process: options.process } : {}) } },
    file,
  );
  return { logger, path, close: () => file.close() };
}

/** LUMEN_LOG_LEVEL=debug shows the failures Lumen ignores on purpose; default: info. */
function levelFromEnvironment(): LogLevel {
  const level = process.env.LUMEN_LOG_LEVEL;
  return level === 'debug' || level === 'warn' || level === 'error' ? level : 'info';
}
