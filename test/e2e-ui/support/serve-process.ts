/**
 * Starts the real `lumen serve` (built CLI, its own process) on a free loopback port. `url` is the
 * address it printed, token included: the browser's first visit trades it for the cookie.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface ServeProcess {
  /** The printed address, `http://127.0.0.1:<port>/?token=…`. */
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

const root = join(import.meta.dirname, '..', '..', '..');

/**
 * `port` 0 (default) picks a free one; `'last'` gives no --port, so serve takes the port this library
 * had last time when it is free. `options` are more of serve's own (`--new-token`).
 */
export async function startServe(libraryDir: string, port: number | 'last' = 0, options: readonly string[] = []): Promise<ServeProcess> {
  const portOption = port === 'last' ? [] : ['--port', String(port)];
  const child: ChildProcess = spawn(process.execPath, [join(root, 'bin', 'lumen.js'), 'serve', ...portOption, '--library', libraryDir, ...options], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)\n/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`lumen serve exited (${code}):\n${output}`)));
  });
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}
