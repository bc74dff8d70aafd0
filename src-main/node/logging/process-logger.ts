/**
 * Logging from a worker process (the embed worker decodes and runs the model): its lines travel
 * to the process that started it as `log` events on their channel (src-common/channel.ts), and that
 * process writes them to the library's rotating log with its own logger, so a worker needs no file
 * of its own. Code that runs in a worker and has no service logger handed to it uses
 * `processLogger()`: the channel logger in a worker, a discarding one elsewhere.
 */
import { discardingLogger, type LogFields, type Logger, type LogLevel } from './logger';

/** One log line as it crosses a channel: plain data (an error becomes its type, message and stack). */
export interface LogRecord {
  level: LogLevel;
  message: string;
  fields: Record<string, unknown>;
}

function plainFields(fields: LogFields): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    plain[key] = value instanceof Error ? { type: value.name, message: value.message, stack: value.stack } : value;
  }
  return plain;
}

/** A Logger whose every line is handed to `send` as a LogRecord (a worker fires it to its parent). */
export function channelLogger(send: (record: LogRecord) => void, bindings: LogFields = {}): Logger {
  const line =
    (level: LogLevel) =>
    (fields: LogFields, message: string): void =>
      send({ level, message, fields: plainFields({ ...bindings, ...fields }) });
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'), child: (more) => channelLogger(send, { ...bindings, ...more }) };
}

/** Writes a worker's line with the parent's logger. */
export function relayLogRecord(logger: Logger, record: LogRecord): void {
  logger[record.level](record.fields, record.message);
}

let current: Logger = discardingLogger;

/** This process's logger for code no service hands one to (a worker's model and decoders). */
export function processLogger(): Logger {
  return current;
}

/** Set once by a worker's entry, when its channel to the parent is open. */
export function useProcessLogger(logger: Logger): void {
  current = logger;
}
