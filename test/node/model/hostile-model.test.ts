/**
 * A hostile or broken `--model`: files that would make Lumen or onnxruntime allocate gigabytes, or
 * config values that make every probability meaningless. Each is refused with a sentence naming the
 * file and the reason, and memory stays bounded: the model is loaded in a real embed worker under
 * `/usr/bin/time`, whose figure is the kernel's peak resident memory of that process tree.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGraphAllocations } from '../../../src-main/node/model/graph-allocation-check';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { lumen } from '../../support/cli-runner';
import { failureOf } from '../../support/failure-of';
import {
  constantOfShapeVision,
  declaredOutputVision,
  externalWeightVision,
  runtimeBlowUpVision,
  sparseWeightVision,
  writeHugeVocabulary,
} from './fixtures/hostile-towers';
import { writeTinyModelFolder } from './fixtures/tiny-model-folder';

const run = promisify(execFile);
const MB = 1024 * 1024;
const LOADER = join(import.meta.dirname, 'fixtures/load-in-worker.ts');

let base: string;
let counter = 0;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'lumen-hostile-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

async function modelFolder(change: (folder: string) => Promise<void> = async () => undefined): Promise<string> {
  const folder = await writeTinyModelFolder(join(base, `model-${++counter}`));
  await change(folder);
  return folder;
}

const vision = (bytes: Uint8Array) => (folder: string) => writeFile(join(folder, 'onnx/vision_model.onnx'), bytes);
const json = (file: string, value: unknown) => (folder: string) => writeFile(join(folder, file), JSON.stringify(value));

interface WorkerLoad {
  outcome: { ok: true; embedDim: number } | { ok: false; code: string; message: string };
  peakRssBytes: number;
}

/** Loads the model in a real embed worker (memory limit `limitBytes`); the kernel's peak RSS of the loader and its worker. */
async function loadInWorker(folder: string, limitBytes = 2048 * MB): Promise<WorkerLoad> {
  const { stdout, stderr } = await run('/usr/bin/time', ['-f', 'peak-rss-kb %M', process.execPath, '--import', 'tsx', LOADER, folder, String(limitBytes)], {
    maxBuffer: 16 * MB,
  });
  const peak = /peak-rss-kb (\d+)/.exec(stderr);
  if (!peak) throw new Error(`no peak RSS from /usr/bin/time: ${stderr}`);
  return { outcome: JSON.parse(stdout) as WorkerLoad['outcome'], peakRssBytes: Number(peak[1]) * 1024 };
}

describe('a model that would allocate too much is refused before it runs', () => {
  let baseline: WorkerLoad;
  beforeAll(async () => {
    baseline = await loadInWorker(await modelFolder());
  });

  it('loads the tiny model (the baseline for memory)', () => {
    expect(baseline.outcome).toEqual({ ok: true, embedDim: 3 });
  });

  it('a ConstantOfShape of a constant 20000 × 20000 (1.6 GB of floats): refused, naming the file and the node, in bounded memory', async () => {
    const load = await loadInWorker(await modelFolder(vision(constantOfShapeVision(20_000))));
    expect(load.outcome).toMatchObject({ ok: false, code: 'bad-model' });
    const message = load.outcome.ok ? '' : load.outcome.message;
    expect(message).toMatch(
      /^model file onnx\/vision_model\.onnx has node \d+ \(ConstantOfShape\) that would make a tensor of 400,000,000 values \(20,000 × 20,000\), more than the 67,108,864 a model may allocate at once/,
    );
    expect(message).toContain(join('onnx', 'vision_model.onnx'));
    expect(load.peakRssBytes).toBeLessThan(baseline.peakRssBytes + 200 * MB);
  });

  it('the 60000 × 60000 of the report is refused by the same check without running anything', async () => {
    const folder = await modelFolder(vision(constantOfShapeVision(60_000)));
    expect(() => checkGraphAllocations(join(folder, 'onnx/vision_model.onnx'), 'onnx/vision_model.onnx')).toThrow(/3,600,000,000 values \(60,000 × 60,000\)/);
  });

  it('a sparse weight that expands to 20000 × 20000: refused', async () => {
    const folder = await modelFolder(vision(sparseWeightVision(20_000)));
    const failure = await failureOf(ImageTextModel.load(folder));
    expect(failure.message).toMatch(
      /^model file onnx\/vision_model\.onnx has a sparse weight 1 that expands to 400,000,000 values \(20,000 × 20,000\), more than the 67,108,864 a model may allocate at once/,
    );
  });

  it('a weight kept in a file outside the model folder: refused', async () => {
    const folder = await modelFolder(vision(externalWeightVision('../../../etc/passwd')));
    const failure = await failureOf(ImageTextModel.load(folder));
    expect(failure.message).toMatch(/^model file onnx\/vision_model\.onnx keeps its weight 1 in a file outside the model folder/);
  });

  it('an output declared with 100 million values per row: refused', async () => {
    const folder = await modelFolder(vision(declaredOutputVision(100_000_000)));
    const failure = await failureOf(ImageTextModel.load(folder));
    expect(failure.message).toMatch(/^model file onnx\/vision_model\.onnx declares graph output 1 with 100,000,000 values/);
  });

  it('a graph that blows up only when it runs: the worker stops itself at its memory limit and the host says why', async () => {
    const limit = 600 * MB;
    const folder = await modelFolder(vision(runtimeBlowUpVision(2500)));
    // The static check cannot see it: the size comes from the image.
    expect(() => checkGraphAllocations(join(folder, 'onnx/vision_model.onnx'), 'onnx/vision_model.onnx')).not.toThrow();
    const load = await loadInWorker(folder, limit);
    expect(load.outcome).toMatchObject({ ok: false, code: 'bad-model' });
    const message = load.outcome.ok ? '' : load.outcome.message;
    expect(message).toMatch(
      new RegExp(
        `^the model in ${folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} used [\\d.]+ (MB|GB) of memory while loading, more than the 600 MB a model may use, so Lumen stopped it`,
      ),
    );
    // 400 million floats would be 1.6 GB: the worker ends within one polling interval past the limit.
    expect(load.peakRssBytes).toBeLessThan(limit + 400 * MB);
  });

  it('a tokenizer.json of three million words: refused before it is parsed, in bounded memory', async () => {
    const folder = await modelFolder((f) => writeHugeVocabulary(f, 3_000_000));
    const load = await loadInWorker(folder);
    expect(load.outcome).toMatchObject({ ok: false, code: 'bad-model' });
    const message = load.outcome.ok ? '' : load.outcome.message;
    expect(message).toMatch(/^model file tokenizer\.json has 3,000,000 entries in model\.vocab, more than the 500,000 Lumen accepts/);
    expect(message).toContain(join(folder, 'tokenizer.json'));
    // Parsing it would cost some 800 MB, building the tokenizer as much again; the file itself is 48 MB.
    expect(load.peakRssBytes).toBeLessThan(baseline.peakRssBytes + 200 * MB);
  });

  it('a tokenizer.json larger than 64 MB: refused before it is read', async () => {
    const folder = await modelFolder(async (f) => writeFile(join(f, 'tokenizer.json'), Buffer.alloc(65 * MB, 0x20)));
    const failure = await failureOf(ImageTextModel.load(folder));
    expect(failure.message).toMatch(/^model file tokenizer\.json is 65 MB, more than the 64 MB Lumen reads for it/);
  });
});

describe('config values that make the scores meaningless are refused', () => {
  it.each([
    [
      'logit_scale 1e308 (an infinite scale: every probability NaN)',
      { logit_scale: 1e308 },
      /logit_scale 1e\+308 makes the score scale exp\(logit_scale\) = Infinity; it must be above 0 and at most 1000/,
    ],
    ['logit_scale 7.5 (a scale of 1808)', { logit_scale: 7.5 }, /logit_scale 7\.5 makes the score scale .* at most 1000/],
    ['logit_scale -1000 (a scale of 0)', { logit_scale: -1000 }, /logit_scale -1000 makes the score scale exp\(logit_scale\) = 0/],
    ['logit_bias 1e6', { model_type: 'siglip', logit_scale: 4.7, logit_bias: 1e6 }, /logit_bias 1000000 is outside −100 to 100/],
    ['logit_scale as text', { logit_scale: '4.6' }, /logit_scale must be a finite number, not a string/],
  ])('%s', async (_name, values, reason) => {
    const folder = await modelFolder(json('config.json', { name: 'tiny-test-model', model_type: 'test', ...values }));
    const failure = await failureOf(ImageTextModel.load(folder));
    expect(failure.code).toBe('bad-model');
    expect(failure.message).toContain(`model file ${join(folder, 'config.json')}: `);
    expect(failure.message).toMatch(reason);
  });

  it('model_max_length of 500000 tokens: refused', async () => {
    const folder = await modelFolder(json('tokenizer_config.json', { model_max_length: 500_000, pad_token: '[PAD]' }));
    const failure = await failureOf(ImageTextModel.load(folder));
    expect(failure.message).toMatch(/^model file tokenizer_config\.json sets texts of up to 500,000 tokens, more than the 16,384 Lumen runs a text tower on/);
  });

  it('an image side of 60000 pixels: refused', async () => {
    const folder = await modelFolder(json('preprocessor_config.json', { do_resize: true, size: { shortest_edge: 60_000 }, do_rescale: true }));
    const failure = await failureOf(ImageTextModel.load(folder));
    expect(failure.message).toMatch(/^model file preprocessor_config\.json: an image side of 60000 pixels is more than the 4096 Lumen prepares for a tower/);
  });
});

describe('through the CLI', () => {
  it('lumen search --model <hostile> says which file and why, and exits 1', async () => {
    const folder = await modelFolder(vision(constantOfShapeVision(60_000)));
    const run = await lumen('search', 'red', '--model', folder, '--library', join(base, 'library'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^lumen: model file onnx\/vision_model\.onnx has node \d+ \(ConstantOfShape\) that would make a tensor of 3,600,000,000 values/);
  });
});
