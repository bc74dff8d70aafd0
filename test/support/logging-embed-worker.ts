/**
 * The real embed worker that writes one log line as soon as it serves, through the process logger
 * every worker-side module uses (its lines go to the host as `log` events on the channel).
 */
import { serveEmbedWorker } from '../../src-main/node/indexer/embed-worker/worker-main';
import { processLogger } from '../../src-main/node/logging/process-logger';

serveEmbedWorker();
processLogger().warn({ err: new Error('a decoder complained'), file: '/photos/a.jpg' }, 'a line written in the worker');
