/**
 * One end-to-end indexing run in a process of its own, so its peak memory is its own:
 * `tsx bench/index-e2e-run.ts <photos> <library> <model> <workers> [device]` prints one JSON line.
 */
import { peakRssBytes } from '../src-main/node/indexer/embed-worker/peak-rss';
import { LumenServices } from '../src-main/node/lumen-services';
import { isDeviceChoice } from '../src-main/node/model/execution-device';

const [photos, library, model, workers, device = 'cpu'] = process.argv.slice(2);
if (!photos || !library || !model || !workers || !isDeviceChoice(device))
  throw new Error('usage: index-e2e-run.ts <photos> <library> <model> <workers> [device]');

const services = await LumenServices.open({ libraryDir: library, modelFolder: model, indexWorkers: Number(workers), device });
let workerPeaks: number[] = [];
let sampling = false;
// Workers exist only during the run; sample their peak RSS as it goes (the kernel's peak only grows).
const sample = (): void => {
  if (sampling) return;
  sampling = true;
  void services.indexPool
    .workerPeakRss()
    .then((peaks) => {
      if (peaks.reduce((a, b) => a + b, 0) > workerPeaks.reduce((a, b) => a + b, 0)) workerPeaks = peaks;
    })
    .catch(() => undefined)
    .finally(() => (sampling = false));
};
// Workers start lazily in normal use; here they are started first, so the figure is the steady
// pipeline rather than process start-up, which is reported apart.
const warming = performance.now();
await services.indexPool.warm();
const workerStartSeconds = (performance.now() - warming) / 1000;
const started = performance.now();
const summary = await services.indexer.indexFolders([photos], { onProgress: sample });
const seconds = (performance.now() - started) / 1000;
await services.dispose();
process.stdout.write(`${JSON.stringify({ seconds, workerStartSeconds, summary, hostPeakRssBytes: peakRssBytes(), workerPeakRssBytes: workerPeaks })}\n`);
