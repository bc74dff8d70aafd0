/**
 * Real storage faults for the reliability tests: a small tmpfs that can be filled, read-only bind
 * mounts, and a second process that holds a library's write lock. Mounting needs root (or
 * CAP_SYS_ADMIN); where it is refused, `tryMount*` say why and the tests skip those variants.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rm, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './library-inspection';

const FILLER = '.filler';

/** Runs mount/umount; the reason for a refusal, or undefined when it worked. */
function mountCommand(command: 'mount' | 'umount', args: readonly string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) return `${command} could not run: ${result.error.message}`;
  if (result.status !== 0) return `${command} ${args.join(' ')} failed: ${result.stderr.trim() || `exit ${result.status}`}`;
  return undefined;
}

/** Mounts a tmpfs of `sizeKb` KiB on `dir` (an existing, empty folder). Returns why not, or undefined. */
export function tryMountTmpfs(dir: string, sizeKb: number): string | undefined {
  return mountCommand('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0755`, 'tmpfs', dir]);
}

/** Binds `dir` onto itself, so that this view of it can later be made read-only (remountReadOnly). */
export function tryBind(dir: string): string | undefined {
  return mountCommand('mount', ['--bind', dir, dir]);
}

/** Binds `dir` onto itself and makes that view read-only (the files beneath stay as they are). */
export function tryBindReadOnly(dir: string): string | undefined {
  const bind = mountCommand('mount', ['--bind', dir, dir]);
  if (bind) return bind;
  const readOnly = mountCommand('mount', ['-o', 'remount,ro,bind', dir]);
  if (readOnly) unmount(dir);
  return readOnly;
}

/**
 * Makes an existing bind mount read-only, retrying while the kernel says it is busy: a file open
 * for writing under it (a thumbnail being written) makes a read-only remount wait for it.
 */
export async function remountReadOnly(dir: string, attempts = 200): Promise<void> {
  let reason: string | undefined;
  for (let i = 0; i < attempts; i++) {
    reason = mountCommand('mount', ['-o', 'remount,ro,bind', dir]);
    if (!reason) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`could not make ${dir} read-only: ${reason ?? ''}`);
}

/** Unmounts `dir` if something is mounted there; lazily, so that a process still inside cannot block it. */
export function unmount(dir: string): void {
  mountCommand('umount', ['-l', dir]);
}

export async function freeBytes(dir: string): Promise<number> {
  const info = await statfs(dir);
  return info.bavail * info.bsize;
}

/**
 * Fills the file system holding `dir` until about `leaveBytes` remain free (to the page: tmpfs
 * counts whole pages). Any earlier filler is replaced. Returns the free bytes left.
 */
export async function fillDisk(dir: string, leaveBytes: number): Promise<number> {
  await freeSpace(dir);
  const size = Math.max(0, (await freeBytes(dir)) - leaveBytes);
  await writeFile(join(dir, FILLER), Buffer.alloc(size));
  return freeBytes(dir);
}

/** Removes the filler written by fillDisk. */
export async function freeSpace(dir: string): Promise<void> {
  await rm(join(dir, FILLER), { force: true });
}

export const FILLER_NAME = FILLER;

/** A child process holding (or not) the write lock of a SQLite database: test/support/sqlite-lock-holder.ts. */
export class LockHolder {
  private readonly lines: string[] = [];
  private readonly history: string[] = [];
  private readonly waiters: Array<() => void> = [];

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    const wakeAll = (): void => {
      for (const wake of this.waiters.splice(0)) wake();
    };
    createInterface({ input: child.stdout }).on('line', (line) => {
      this.lines.push(line);
      this.history.push(line);
      wakeAll();
    });
    child.on('exit', wakeAll);
  }

  static async start(databasePath: string): Promise<LockHolder> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/sqlite-lock-holder.ts', databasePath], {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const holder = new LockHolder(child);
    await holder.next('ready');
    return holder;
  }

  /** Sends a command and waits for the answer that starts with `expected`; an "error …" answer throws. */
  async command(command: string, expected: string): Promise<void> {
    this.child.stdin.write(`${command}\n`);
    await this.next(expected);
  }

  /** Lines the holder has written, in order. */
  get transcript(): readonly string[] {
    return this.history;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  private async next(expected: string): Promise<void> {
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) {
        if (line.startsWith(expected)) return;
        if (line.startsWith('error')) throw new Error(`lock holder: ${line}`);
        continue;
      }
      if (this.child.exitCode !== null) throw new Error(`lock holder exited before answering "${expected}"`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}
