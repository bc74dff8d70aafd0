/**
 * The embed worker: a separate process that owns the ONNX sessions and does all decoding and
 * inference, so the host process (CLI, app main, server) never blocks on heavy work.
 * Started by EmbedWorkerClient with an IPC channel using advanced serialization.
 */
import { ImageTextModel } from '../../model/image-text-model';
import type { SessionFactory } from '../../model/onnx-session';
import { LumenFailure } from '../../../../src-common/result';
import { embedImageSources } from './embed-images';
import { memoryWatchFromArgv, watchOwnMemory } from './memory-watchdog';
import { peakRssBytes } from './peak-rss';
import { mapInOrder } from './map-in-order';
import { decodePhotoJob, type DecodedPhoto } from './photo-job';
import type { FailedPhoto, PhotoOutcome, WorkerCalls, WorkerEvents } from './protocol';
import { channelLogger, useProcessLogger } from '../../logging/process-logger';
import { ChannelServer, type ChannelHandlers } from '../../../../src-common/channel';
import { parentProcessTransport } from '../../ipc/process-transport';
import { decodeVideoJob, meanOfUnitVectors, type DecodedVideo } from './video-job';
import { isVideoPath } from '../../videos/video-formats';
import { HOW_TO_ENABLE_VIDEOS, localVideoTools, type VideoTools } from '../../videos/video-tools';
import { writePreviewCopy } from '../../photos/preview-copy';

export interface EmbedWorkerDeps {
  /** How the model's onnxruntime sessions are made; default: onnxruntime's own. */
  createSession?: SessionFactory;
}

let deps: EmbedWorkerDeps = {};
let model: ImageTextModel | null = null;
let foundVideoTools: VideoTools | null | undefined;

/** ffmpeg and ffprobe, looked for once, on the first video. */
function videoTools(): VideoTools | null {
  if (foundVideoTools === undefined) foundVideoTools = localVideoTools();
  return foundVideoTools;
}

function requireModel(): ImageTextModel {
  if (!model) throw new LumenFailure('missing-model', 'the embed worker has no model loaded');
  return model;
}

// Two stages inside the worker: the next batch is decoded (libvips threads) while the current one
// is in inference (onnxruntime threads). Each stage takes batches in arrival order.
let decodeStage: Promise<unknown> = Promise.resolve();
let inferStage: Promise<unknown> = Promise.resolve();

function inStage<T>(stage: 'decode' | 'infer', work: () => Promise<T>): Promise<T> {
  const previous = stage === 'decode' ? decodeStage : inferStage;
  const result = previous.then(work, work);
  // The next call in the stage waits for this one however it ends; its failure goes back with its own reply.
  const settled = result.catch(() => undefined);
  if (stage === 'decode') decodeStage = settled;
  else inferStage = settled;
  return result;
}

async function embedFiles({ files, libraryDir, decodeConcurrency }: WorkerCalls['embed-files']['args']): Promise<PhotoOutcome[]> {
  const active = requireModel();
  const outcomes = await inStage('decode', () =>
    mapInOrder(files, decodeConcurrency ?? 1, async (job): Promise<FailedPhoto | DecodedPhoto | DecodedVideo> => {
      if (!isVideoPath(job.path)) return decodePhotoJob(job, active, libraryDir);
      const tools = videoTools();
      if (!tools) return { ok: false, path: job.path, size: job.size, mtimeMs: job.mtimeMs, reason: `no video decoder: ${HOW_TO_ENABLE_VIDEOS}` };
      return decodeVideoJob(job, active, libraryDir, tools);
    }),
  );
  const decoded = outcomes.filter((o): o is DecodedPhoto | DecodedVideo => o.ok);
  // A video's keyframes go through the model with the photos, a model input each.
  const inputs = decoded.flatMap((d) => ('frames' in d ? d.frames.map((f) => f.prepared) : [d.prepared]));
  const vectors = await inStage('infer', () => active.embedImages(inputs));
  let next = 0;
  const take = (count: number): Float32Array[] => {
    const taken = vectors.slice(next, next + count);
    next += count;
    if (taken.length !== count) throw new Error('the model returned fewer vectors than it was given images');
    return taken;
  };
  return outcomes.map((outcome): PhotoOutcome => {
    if (!outcome.ok) return outcome;
    if ('frames' in outcome) {
      const { frames, probe, ...video } = outcome;
      const frameVectors = take(frames.length);
      const { durationMs, rotation, codec, latitude, longitude, altitude, contentIdentifier } = probe;
      return {
        ...video,
        embedding: meanOfUnitVectors(frameVectors),
        video: {
          durationMs,
          rotation,
          codec,
          latitude,
          longitude,
          altitude,
          contentIdentifier,
          frames: frames.map((f, i) => ({ timeMs: f.timeMs, embedding: frameVectors[i] as Float32Array })),
        },
      };
    }
    const { prepared: _prepared, ...photo } = outcome;
    const [embedding] = take(1);
    if (!embedding) throw new Error(`no embedding returned for ${photo.path}`);
    return { ...photo, embedding };
  });
}

async function inferSynthetic({ batchSize, batches }: WorkerCalls['infer-synthetic']['args']): Promise<WorkerCalls['infer-synthetic']['result']> {
  const active = requireModel();
  // A 4:3 photo-sized image, prepared the way the model wants (resize, crop, normalize), then reused.
  const width = 1024;
  const height = 768;
  const pixels = new Uint8Array(width * height * 3).map((_, i) => (i * 2654435761) >>> 24);
  const prepared = await active.prepareImage({ data: pixels, width, height });
  const batch = Array.from({ length: batchSize }, () => prepared);
  await active.embedImages(batch); // warm-up: onnxruntime allocates its arenas on the first run
  const started = performance.now();
  for (let i = 0; i < batches; i++) await active.embedImages(batch);
  return { seconds: (performance.now() - started) / 1000, photos: batches * batchSize };
}

async function loadModel(args: WorkerCalls['load-model']['args']): Promise<WorkerCalls['load-model']['result']> {
  await model?.dispose();
  model = null;
  model = await ImageTextModel.load(args.folder, {
    ...(args.executionProviders ? { executionProviders: args.executionProviders } : {}),
    ...(args.intraOpThreads ? { intraOpNumThreads: args.intraOpThreads } : {}),
    ...(args.device ? { device: args.device } : {}),
    ...(args.expectedSha256 ? { expectedSha256: args.expectedSha256 } : {}),
    ...(deps.createSession ? { createSession: deps.createSession } : {}),
  });
  const { name, folder, embedDim, imageTowerId, executionProvider, deviceNote, scoreRule } = model.info;
  return { name, folder, embedDim, imageTowerId, executionProvider, scoreRule, ...(deviceNote ? { deviceNote } : {}) };
}

const HANDLERS: ChannelHandlers<WorkerCalls> = {
  'load-model': (args) => loadModel(args),
  'embed-files': (args) => embedFiles(args),
  'embed-texts': (args) => requireModel().embedTexts(args.texts),
  'infer-synthetic': (args) => inferSynthetic(args),
  'embed-images': (args) => embedImageSources(requireModel(), args.images),
  'make-preview': async (job) => {
    await writePreviewCopy(job);
    return null;
  },
  'resource-usage': () => ({ maxRssBytes: peakRssBytes() }),
};

/** The host names the file and the model in its own sentence; the worker passes its failure's code and text back. */
function describeWorkerFailure(error: unknown): { code: string; message: string } {
  return { code: error instanceof LumenFailure ? error.code : 'worker-error', message: error instanceof Error ? error.message : String(error) };
}

/** Serves the host's requests over this process's IPC channel until the host disconnects. */
export function serveEmbedWorker(withDeps: EmbedWorkerDeps = {}): void {
  // First: a model must not take the machine's memory (memory-watchdog.ts).
  const memoryWatch = memoryWatchFromArgv(process.argv);
  if (memoryWatch) watchOwnMemory(memoryWatch);
  deps = withDeps;
  // Loading a model waits for everything before it and holds back everything after it; other calls
  // run concurrently (embed-files batches pipeline through the two stages above).
  let barrier: Promise<unknown> = Promise.resolve();
  const running = new Set<Promise<void>>();
  const schedule = (method: string, run: () => Promise<void>): void => {
    if (method === 'load-model') {
      const before = [...running];
      barrier = Promise.all([barrier, ...before]).then(run);
      return;
    }
    const task = barrier.then(run);
    running.add(task);
    void task.finally(() => running.delete(task));
  };
  const server = new ChannelServer<WorkerCalls, WorkerEvents>(parentProcessTransport(), HANDLERS, { describeFailure: describeWorkerFailure, schedule });
  useProcessLogger(channelLogger((record) => server.fire('log', record), { process: 'embed-worker', pid: process.pid }));
  process.on('disconnect', () => {
    void model?.dispose().finally(() => process.exit(0));
    if (!model) process.exit(0);
  });
}
