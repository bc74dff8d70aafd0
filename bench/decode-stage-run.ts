/**
 * The indexer's decode stage alone in a process of its own, `lanes` photos at a time (default two,
 * a CPU worker's two batches in flight), for the previous stage or the current one:
 * `tsx bench/decode-stage-run.ts <previous|current> <model folder> <library> <jobs.json> [lanes]` prints
 * "ready", starts on a line from stdin (so that parallel runs start together), then prints one
 * JSON line. The jobs carry the content hash as the indexer sends it.
 */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { decodePhotoJob } from '../src-main/node/indexer/embed-worker/photo-job';
import type { FileJob } from '../src-main/node/indexer/embed-worker/protocol';
import { previousDecodePhotoJob } from './previous-decode-stage';
import { specModelInput } from './spec-model-input';

const [variant, modelFolder, library, jobsFile, lanes = '2'] = process.argv.slice(2);
if ((variant !== 'previous' && variant !== 'current') || !modelFolder || !library || !jobsFile) {
  throw new Error('usage: decode-stage-run.ts <previous|current> <model folder> <library> <jobs.json> [lanes]');
}
const jobs = JSON.parse(await readFile(jobsFile, 'utf8')) as FileJob[];
const model = await specModelInput(modelFolder);
const queue = [...jobs];
process.stdout.write('ready\n');
await once(process.stdin, 'data');
process.stdin.pause();
let decoded = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: Number(lanes) }, async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      if (variant === 'previous') {
        await previousDecodePhotoJob(job, (image) => model.prepareImage(image), library);
        decoded++;
      } else if ((await decodePhotoJob(job, model, library)).ok) {
        decoded++;
      }
    }
  }),
);
const ended = performance.now();
// Wall-clock ends, so the parent can time parallel runs from the first start to the last end.
const startedAtMs = performance.timeOrigin + started;
const endedAtMs = performance.timeOrigin + ended;
process.stdout.write(`${JSON.stringify({ seconds: (ended - started) / 1000, startedAtMs, endedAtMs, decoded, photos: jobs.length })}\n`);
