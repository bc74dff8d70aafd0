/**
 * The embed worker process's entry: a separate process that owns the ONNX sessions and does all
 * decoding and inference (worker-main.ts), so the host never blocks on heavy work. Started by
 * EmbedWorkerClient with an IPC channel using advanced serialization.
 */
import { serveEmbedWorker } from './worker-main';

serveEmbedWorker();
