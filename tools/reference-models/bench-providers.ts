/**
 * Photos per second of a reference model's image tower on each execution provider, through
 * Lumen's own model class (provider probing included), against the CPU.
 *
 *   npx tsx tools/reference-models/bench-providers.ts --family clip --size base [--devices cpu,cuda,webgpu]
 *     [--model <existing folder>] [--batches 4] [--threads N]
 *
 * Images are synthetic and already preprocessed (224 × 224), so only the vision tower is timed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isDeviceChoice } from '../../src-main/node/model/execution-device';
import { ImageTextModel } from '../../src-main/node/model/image-text-model';
import { baseArchitecture, tinyArchitecture } from './architecture';
import { writeReferenceModel } from './write-reference-model';

const BATCH = 16;
const { values } = parseArgs({
  options: {
    family: { type: 'string', default: 'clip' },
    size: { type: 'string', default: 'base' },
    devices: { type: 'string', default: 'cpu,auto' },
    model: { type: 'string' },
    batches: { type: 'string', default: '4' },
    threads: { type: 'string' },
  },
});
const family = values.family === 'siglip' ? 'siglip' : 'clip';
const architecture = values.size === 'tiny' ? tinyArchitecture(family) : baseArchitecture(family);
const scratch = values.model ? null : await mkdtemp(join(tmpdir(), 'lumen-bench-'));
const folder = values.model ?? (await writeReferenceModel(join(scratch ?? '', family), { family, architecture }));
try {
  for (const device of (values.devices ?? 'cpu').split(',')) {
    if (!isDeviceChoice(device)) throw new Error(`unknown device ${device}`);
    const model = await ImageTextModel.load(folder, { device, ...(values.threads ? { intraOpNumThreads: Number(values.threads) } : {}) });
    const side = architecture.vision.imageSize;
    const pixels = { data: new Uint8Array(side * side * 3).map((_, i) => (i * 37) % 256), width: side, height: side };
    const prepared = await model.prepareImage(pixels);
    const batch = Array.from({ length: BATCH }, () => prepared);
    await model.embedImages(batch); // warm-up: arenas, kernels
    const started = performance.now();
    const batches = Number(values.batches);
    for (let i = 0; i < batches; i++) await model.embedImages(batch);
    const seconds = (performance.now() - started) / 1000;
    const note = model.info.deviceNote ? `  (${model.info.deviceNote})` : '';
    console.log(`${device.padEnd(7)} → ${model.info.executionProvider.padEnd(7)} ${((batches * BATCH) / seconds).toFixed(1)} photos/s${note}`);
    await model.dispose();
  }
} finally {
  if (scratch) await rm(scratch, { recursive: true, force: true });
}
