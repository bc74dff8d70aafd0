/**
 * The embed worker: a separate process that owns the ONNX sessions and does all decoding and
 * inference, so the host process (CLI, app main, server) never blocks on heavy work.
 * Started by EmbedWorkerClient with an IPC channel using advanced serialization.
 */
import { ImageTextModel } from '../../model/image-text-model';
import { LumenFailure } from '../../../../src-common/result';
import { decodePhotoJob, type DecodedPhoto } from './photo-job';
import type { PhotoOutcome, WorkerCalls, WorkerRequest, WorkerResponse } from './protocol';

let model: ImageTextModel | null = null;

function requireModel(): ImageTextModel {
  if (!model) throw new LumenFailure('missing-model', 'the embed worker has no model loaded');
  return model;
}

async function embedFiles({ files, libraryDir }: WorkerCalls['embed-files']['args']): Promise<PhotoOutcome[]> {
  const active = requireModel();
  const outcomes: Array<PhotoOutcome | DecodedPhoto> = [];
  for (const job of files) outcomes.push(await decodePhotoJob(job, active, libraryDir));
  const decoded = outcomes.filter((o): o is DecodedPhoto => o.ok);
  const vectors = await active.embedImages(decoded.map((d) => d.prepared));
  const byPath = new Map(decoded.map((d, i) => [d.path, vectors[i]]));
  return outcomes.map((outcome): PhotoOutcome => {
    if (!outcome.ok) return outcome;
    const { prepared: _prepared, ...photo } = outcome as DecodedPhoto;
    const embedding = byPath.get(photo.path);
    if (!embedding) throw new Error(`no embedding returned for ${photo.path}`);
    return { ...photo, embedding };
  });
}

async function handle(request: WorkerRequest): Promise<WorkerCalls[keyof WorkerCalls]['result']> {
  switch (request.call) {
    case 'load-model': {
      const args = request.args as WorkerCalls['load-model']['args'];
      await model?.dispose();
      model = null;
      model = await ImageTextModel.load(args.folder, args.executionProviders ? { executionProviders: args.executionProviders } : {});
      const { name, folder, embedDim, imageTowerId, executionProvider } = model.info;
      return { name, folder, embedDim, imageTowerId, executionProvider };
    }
    case 'embed-files':
      return embedFiles(request.args as WorkerCalls['embed-files']['args']);
    case 'embed-texts':
      return requireModel().embedTexts((request.args as WorkerCalls['embed-texts']['args']).texts);
  }
}

function reply(response: WorkerResponse): void {
  process.send?.(response);
}

// Requests are served one at a time, in order: the worker is a single pipeline stage.
let queue: Promise<void> = Promise.resolve();
process.on('message', (message: WorkerRequest) => {
  queue = queue.then(async () => {
    try {
      reply({ id: message.id, ok: true, value: await handle(message) });
    } catch (error) {
      const code = error instanceof LumenFailure ? error.code : 'worker-error';
      reply({ id: message.id, ok: false, error: { code, message: (error as Error).message } });
    }
  });
});
process.on('disconnect', () => {
  void model?.dispose().finally(() => process.exit(0));
  if (!model) process.exit(0);
});
