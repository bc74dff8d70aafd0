/**
 * The real embed worker, failing on one named file the way a decoder bug (a process death:
 * `--crash-on=<part of a file name>`) or a stalled network share (a read that never returns:
 * `--hang-on=<…>`) would. Tests start it through EmbedWorkerPool's `workerEntry` (faultyWorkerEntry).
 */
import { basename } from 'node:path';
import type { WorkerCalls, WorkerRequest, WorkerResponse } from '../../src-main/node/indexer/embed-worker/protocol';
import { serveEmbedWorker } from '../../src-main/node/indexer/embed-worker/worker-main';

const setting = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const crashOn = setting('crash-on');
const hangOn = setting('hang-on');

function fileNames(request: WorkerRequest): string[] {
  if (request.call !== 'embed-files') return [];
  return (request.args as WorkerCalls['embed-files']['args']).files.map((file) => basename(file.path));
}

/** Requests whose answer never comes, as if their read never returned. */
const hung = new Set<number>();
// Requests reach the real worker too; their answers are asynchronous, so a crash here comes first.
process.on('message', (request: WorkerRequest) => {
  const names = fileNames(request);
  if (crashOn && names.some((name) => name.includes(crashOn))) process.kill(process.pid, 'SIGKILL');
  if (hangOn && names.some((name) => name.includes(hangOn))) hung.add(request.id);
});
serveEmbedWorker();
const send = process.send?.bind(process);
if (send) {
  process.send = ((response: WorkerResponse, ...rest: unknown[]) =>
    hung.has(response.id) ? true : (send as (...args: unknown[]) => boolean)(response, ...rest)) as typeof process.send;
}
