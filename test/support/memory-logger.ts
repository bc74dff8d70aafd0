import type { LogFields, Logger, LogLevel } from '../../src-main/node/logging/logger';

export interface LogRecord {
  level: LogLevel;
  message: string;
  /** The child loggers' bindings merged with the line's own fields. */
  fields: Record<string, unknown>;
}

/** A logger that keeps its lines in memory, for tests to read back; children share the record list. */
export class MemoryLogger implements Logger {
  constructor(
    readonly records: LogRecord[] = [],
    private readonly bindings: LogFields = {},
  ) {}

  debug(fields: LogFields, message: string): void {
    this.record('debug', fields, message);
  }
  info(fields: LogFields, message: string): void {
    this.record('info', fields, message);
  }
  warn(fields: LogFields, message: string): void {
    this.record('warn', fields, message);
  }
  error(fields: LogFields, message: string): void {
    this.record('error', fields, message);
  }
  child(bindings: LogFields): Logger {
    return new MemoryLogger(this.records, { ...this.bindings, ...bindings });
  }

  at(level: LogLevel): LogRecord[] {
    return this.records.filter((record) => record.level === level);
  }

  private record(level: LogLevel, fields: LogFields, message: string): void {
    this.records.push({ level, message, fields: { ...this.bindings, ...fields } });
  }
}
