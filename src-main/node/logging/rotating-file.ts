import { closeSync, constants, fstatSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface RotationOptions {
  /** The file rotates before a line would take it past this size. */
  maxBytes: number;
  /** Rotated files kept beside it (`lumen.log.1` is the newest); older ones are deleted. */
  keep: number;
}

export const DEFAULT_ROTATION: RotationOptions = { maxBytes: 5 * 1024 * 1024, keep: 3 };

/**
 * A pino destination that appends each line to a file and rotates it by size: lumen.log →
 * lumen.log.1 → … → lumen.log.<keep>. Synchronous appends (O_APPEND), so a line is whole in the
 * file even when the CLI, the server and the app's services process write the same log, and nothing
 * is lost at exit. Each line checks the file's real size and whether another process rotated it
 * first; two processes rotating at the same moment can leave one short rotated file, never lose a
 * line. A few lines a second at most, so the cost is small; pino's transports would
 * need worker threads, which this project keeps away from (onnxruntime-node).
 */
export class RotatingFile {
  private fd: number | null = null;
  private size = 0;
  /** Set when the file cannot be written (a read-only or full volume): logging must never stop the work. */
  private failed = false;

  constructor(
    readonly path: string,
    private readonly options: RotationOptions = DEFAULT_ROTATION,
  ) {}

  write(line: string): void {
    if (this.failed) return;
    try {
      const bytes = Buffer.byteLength(line);
      if (this.fd !== null && this.rotatedElsewhere()) this.close();
      if (this.fd === null) this.open();
      // The file's real size, other processes' lines included (two system calls; a log line is rare).
      this.size = fstatSync(this.fd as number).size;
      if (this.size > 0 && this.size + bytes > this.options.maxBytes) this.rotate();
      if (this.fd === null) return;
      writeSync(this.fd, line);
    } catch (error) {
      // The log has nowhere else to go: say so once on stderr and carry on without it.
      this.failed = true;
      this.close();
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ELOOP' ? 'it is a link, which Lumen does not write through' : (code ?? 'error');
      process.stderr.write(`lumen: cannot write the log file ${this.path} (${why}); logging is off for this session\n`);
    }
  }

  /** Closes the file; a later line opens it again (a session's last words after its services closed). */
  close(): void {
    const fd = this.fd;
    this.fd = null;
    if (fd !== null) closeSync(fd);
  }

  private open(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    // Never through a link: one planted where the log goes would have Lumen append to the file it names.
    this.fd = openSync(this.path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0), 0o600);
    this.size = fstatSync(this.fd).size;
  }

  /** Another process rotated the file: ours is now lumen.log.1 (or gone), so write to the new one. */
  private rotatedElsewhere(): boolean {
    try {
      return statSync(this.path).ino !== fstatSync(this.fd as number).ino;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
      throw error;
    }
  }

  private rotate(): void {
    this.close();
    rmSync(`${this.path}.${this.options.keep}`, { force: true });
    for (let n = this.options.keep - 1; n >= 1; n--) renameIfPresent(`${this.path}.${n}`, `${this.path}.${n + 1}`);
    if (this.options.keep > 0) renameIfPresent(this.path, `${this.path}.1`);
    else rmSync(this.path, { force: true });
    this.open();
  }
}

function renameIfPresent(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    // Another process rotated first, or nothing was there yet: the next name is free either way.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
