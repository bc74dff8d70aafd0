import { runCli } from '../../src-main/node/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in-process (its embed worker is still a real child process). */
export async function lumen(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { out: (t) => (stdout += t), err: (t) => (stderr += t), interactive: false });
  return { code, stdout, stderr };
}

export async function lumenJson<T>(...argv: string[]): Promise<T> {
  const run = await lumen(...argv, '--json');
  if (run.code !== 0) throw new Error(`lumen ${argv.join(' ')} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
