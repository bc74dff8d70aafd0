/**
 * The real embed worker, failing on one named file the way a decoder bug (a process death:
 * `--crash-on=<part of a file name>`) or a stalled network share (a read that never returns:
 * `--hang-on=<…>`) would. Tests start it through EmbedWorkerPool's `workerEntry` (faultyWorkerEntry).
 */
import { basename } from 'node:path';
import { isWireMessage } from '../../src-common/channel';
import { serveEmbedWorker } from '../../src-main/node/indexer/embed-worker/worker-main';

const setting = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const crashOn = setting('crash-on');
const hangOn = setting('hang-on');

/** The file names of an embed-files call on the channel, read at run time (the message comes from the wire). */
function fileNames(message: unknown): { id: number; names: string[] } | null {
  if (!isWireMessage(message) || message.channel !== 'call' || message.method !== 'embed-files') return null;
  const { args } = message;
  const files = typeof args === 'object' && args !== null && 'files' in args && Array.isArray(args.files) ? (args.files as unknown[]) : [];
  const names = files.flatMap((file) =>
    typeof file === 'object' && file !== null && 'path' in file && typeof file.path === 'string' ? [basename(file.path)] : [],
  );
  return { id: message.id, names };
}

/** Calls whose answer never comes, as if their read never returned. */
const hung = new Set<number>();
// Calls reach the real worker too; their answers are asynchronous, so a crash here comes first.
process.on('message', (message: unknown) => {
  const call = fileNames(message);
  if (!call) return;
  if (crashOn && call.names.some((name) => name.includes(crashOn))) process.kill(process.pid, 'SIGKILL');
  if (hangOn && call.names.some((name) => name.includes(hangOn))) hung.add(call.id);
});
serveEmbedWorker();
const send = process.send?.bind(process);
if (send) {
  process.send = ((message: unknown, ...rest: unknown[]) =>
    isWireMessage(message) && message.channel === 'reply' && hung.has(message.id)
      ? true
      : (send as (...args: unknown[]) => boolean)(message, ...rest)) as typeof process.send;
}
