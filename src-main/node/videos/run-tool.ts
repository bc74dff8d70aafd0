import { spawn } from 'node:child_process';

/** Why a video tool run failed, in words for a person; the tool's own stderr goes only to the message's end, trimmed. */
export class VideoToolError extends Error {}

/** Longest a single ffprobe or ffmpeg run may take before the video is reported as stuck. */
export const TOOL_TIMEOUT_MS = 60_000;

/**
 * Runs ffmpeg or ffprobe and collects stdout. A non-zero exit, a signal or the timeout rejects with
 * VideoToolError carrying the last line ffmpeg wrote to stderr (its reason, e.g. "moov atom not found"),
 * without the name of `input` (the argument naming the file) that ffmpeg puts before it.
 */
export function runTool(executable: string, args: readonly string[], input: string, timeoutMs = TOOL_TIMEOUT_MS): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString('utf8')).slice(-2000);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new VideoToolError(`the video decoder could not be started (${error.message})`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) reject(new VideoToolError(`the video decoder took longer than ${timeoutMs / 1000} s on this file`));
      else if (code === 0) resolve(Buffer.concat(out));
      else {
        // ffmpeg starts its reason with the input's name, which the error row already shows.
        const lastLine = (err.trim().split('\n').at(-1)?.trim() ?? '').split(`${input}: `).join('');
        reject(new VideoToolError(lastLine === '' ? `the video decoder stopped (${signal ?? `exit ${code}`})` : lastLine));
      }
    });
  });
}
