/**
 * A model damaged on disk after it was installed, then opened by a library that uses it.
 * The bundled demo model is installed with Lumen's own installer (which records every file's
 * SHA-256), a real library indexes photos with it, and then its files are damaged one way at a
 * time: truncated, emptied, deleted, bits flipped in the weights (which onnxruntime still loads),
 * weights overwritten with NaN, JSON cut short or edited. For each, the window's path
 * (LumenServices.open behind the API dispatcher, to a Result) and the CLI (`lumen index`,
 * `lumen search`) must stop with an error naming the file and the reason, and the library must be
 * exactly as it was: integrity_check ok, same towers, every vector byte for byte.
 *
 * A folder Lumen did not install (no hashes to compare with) is checked too: what onnxruntime
 * cannot read and NaN weights are refused at load; a bit flip it can load makes another image
 * tower (the tower identity hashes the vision graph and its preprocessing), so its vectors never
 * land among the old tower's; and a model changed on disk while a library has it open is refused
 * by the indexer's workers instead of mixing vectors under the open tower.
 */
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiDispatcher, lazySession } from '../../../src-main/node/api/api-handlers';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { LumenServices, SETTING_MODEL_FOLDER } from '../../../src-main/node/lumen-services';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { MODEL_FILES } from '../../../src-main/node/model/model-folder';
import { installModel } from '../../../src-main/node/models/model-installer';
import { ModelRegistry } from '../../../src-main/node/models/model-registry';
import { bundledModelFolder } from '../../../src-main/node/resource-paths';
import { onnx } from '../../../tools/onnx-builder/onnx-proto';
import { lumen } from '../../support/cli-runner';
import { writeDistinctPhotos } from '../../support/distinct-photos';
import { failureOf } from '../../support/failure-of';
import { tempDir } from '../indexer/indexer-fixtures';

const PHOTOS = 24;

let base: string;
let installed: string;
let pristine: string;
let photosDir: string;
let library: string;
let before: LibrarySnapshot;

interface LibrarySnapshot {
  integrity: string;
  towers: Array<{ id: number; towerId: string }>;
  photos: number;
  errors: number;
  /** photo id, tower row, vector as hex, for every embedding. */
  embeddings: string[];
}

function snapshot(): LibrarySnapshot {
  const db = LibraryDb.open(library, { readonly: true });
  try {
    const c = db.connection;
    return {
      integrity: c.pragma('integrity_check', { simple: true }) as string,
      towers: c.prepare<[], { id: number; towerId: string }>('SELECT id, tower_id AS towerId FROM image_towers ORDER BY id').all(),
      photos: c.prepare('SELECT count(*) FROM photos').pluck().get() as number,
      errors: c.prepare('SELECT count(*) FROM photo_errors').pluck().get() as number,
      embeddings: c
        .prepare<[], string>("SELECT photo_id || ':' || tower_row_id || ':' || hex(vector) FROM embeddings ORDER BY photo_id, tower_row_id")
        .pluck()
        .all(),
    };
  } finally {
    db.close();
  }
}

/** Byte offset and length of the largest float initializer's raw data in an ONNX file: its weights. */
function weightsOf(bytes: Buffer): { offset: number; length: number } {
  const model = onnx.ModelProto.decode(bytes);
  let best: Uint8Array | null = null;
  for (const tensor of model.graph?.initializer ?? []) {
    const raw = tensor.rawData;
    if (tensor.dataType === onnx.TensorProto.DataType.FLOAT && raw && raw.length > (best?.length ?? 0)) best = raw;
  }
  if (!best) throw new Error('no float weights in this graph');
  const offset = bytes.indexOf(Buffer.from(best));
  if (offset < 0) throw new Error('weights not found in the file');
  return { offset, length: best.length };
}

/** Flips the lowest exponent bit (the value doubles or halves) of `count` floats spread over the weights. */
function flipWeightBits(bytes: Buffer, count: number): Buffer {
  const out = Buffer.from(bytes);
  const { offset, length } = weightsOf(out);
  const floats = length / 4;
  for (let i = 0; i < count; i++) {
    const at = offset + Math.floor((i * floats) / count) * 4 + 2;
    out[at] = (out[at] as number) ^ 0x80;
  }
  return out;
}

/** The first 16 weights set to NaN: what a bad sector or a stray write can leave. */
function nanWeights(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  const { offset } = weightsOf(out);
  for (let i = 0; i < 16; i++) out.writeFloatLE(Number.NaN, offset + i * 4);
  return out;
}

const half = (bytes: Buffer): Buffer => bytes.subarray(0, bytes.length >> 1);
const CHANGED =
  /has changed since the model was installed \(SHA-256 [0-9a-f]{12}…, installed [0-9a-f]{12}…\): it is damaged or was edited .*reinstall the model: lumen model remove shapes/;

interface Corruption {
  name: string;
  file: string;
  /** The damaged bytes, or null to delete the file. */
  damage: (bytes: Buffer) => Buffer | null;
  code: string;
  reason: RegExp;
  /** onnxruntime loads the damaged file: only the install record can tell. */
  loads?: boolean;
}

const VISION = MODEL_FILES.visionModel;
const TEXT = MODEL_FILES.textModel;
const CORRUPTIONS: Corruption[] = [
  { name: 'vision tower cut in half', file: VISION, damage: half, code: 'bad-model', reason: CHANGED },
  { name: 'one bit flipped in a vision weight', file: VISION, damage: (b) => flipWeightBits(b, 1), code: 'bad-model', reason: CHANGED, loads: true },
  { name: 'vision weights overwritten with NaN', file: VISION, damage: nanWeights, code: 'bad-model', reason: CHANGED },
  { name: 'vision tower emptied', file: VISION, damage: () => Buffer.alloc(0), code: 'bad-model', reason: /is empty or not a file/ },
  { name: 'vision tower deleted', file: VISION, damage: () => null, code: 'missing-model', reason: /model file missing: onnx\/vision_model\.onnx/ },
  { name: 'text tower cut in half', file: TEXT, damage: half, code: 'bad-model', reason: CHANGED },
  { name: 'one bit flipped in a text weight', file: TEXT, damage: (b) => flipWeightBits(b, 1), code: 'bad-model', reason: CHANGED, loads: true },
  { name: 'tokenizer.json cut in half', file: MODEL_FILES.tokenizer, damage: half, code: 'bad-model', reason: /is not valid JSON/ },
  // "red" becomes "ree": one bit, still valid JSON.
  {
    name: 'one bit flipped in a tokenizer.json word',
    file: MODEL_FILES.tokenizer,
    damage: (b) => Buffer.from(b.toString('utf8').replace('"red"', '"ree"')),
    code: 'bad-model',
    reason: CHANGED,
    loads: true,
  },
  { name: 'preprocessor_config.json cut in half', file: MODEL_FILES.preprocessorConfig, damage: half, code: 'bad-model', reason: /is not valid JSON/ },
  {
    name: 'preprocessor_config.json image_mean edited',
    file: MODEL_FILES.preprocessorConfig,
    damage: (b) => Buffer.from(b.toString('utf8').replace('0.5', '0.6')),
    code: 'bad-model',
    reason: CHANGED,
    loads: true,
  },
];

async function damage(folder: string, corruption: Corruption): Promise<void> {
  const path = join(folder, corruption.file);
  const bytes = await readFile(path);
  const damaged = corruption.damage(bytes);
  if (damaged === null) await rm(path);
  else {
    expect(damaged.equals(bytes), `${corruption.name} changes the file`).toBe(false);
    await writeFile(path, damaged);
  }
}

async function restore(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
  await cp(pristine, folder, { recursive: true });
}

beforeAll(async () => {
  base = await tempDir('corrupt-model');
  const registry = new ModelRegistry(join(base, 'models'));
  await installModel(bundledModelFolder(), { registry, id: 'shapes' });
  installed = registry.folderOf('shapes');
  pristine = join(base, 'pristine');
  await cp(installed, pristine, { recursive: true });
  photosDir = join(base, 'photos');
  await mkdir(photosDir);
  await writeDistinctPhotos(photosDir, PHOTOS, 77);
  library = join(base, 'library');
  // The library uses the installed model through its setting, as `lumen model use` leaves it.
  const services = await LumenServices.open({ libraryDir: library, modelFolder: installed, indexWorkers: 1 });
  try {
    services.settings.set(SETTING_MODEL_FOLDER, installed);
    expect(await services.indexer.indexFolders([photosDir])).toMatchObject({ indexed: PHOTOS, failed: 0 });
  } finally {
    await services.dispose();
  }
  before = snapshot();
  expect(before).toMatchObject({ integrity: 'ok', photos: PHOTOS, errors: 0 });
  expect(before.towers).toHaveLength(1);
}, 300_000);

afterAll(async () => {
  if (base) await rm(base, { recursive: true, force: true });
});

describe('an installed model damaged on disk', () => {
  it.each(CORRUPTIONS.map((c, i) => [c.name, c, i] as const))('%s: refused with the file and the reason, library untouched', async (_name, corruption, i) => {
    await damage(installed, corruption);
    try {
      if (corruption.loads) {
        // onnxruntime and the JSON parser accept it: only the install record can tell.
        const model = await ImageTextModel.load(installed);
        await model.dispose();
      }
      // The window: the services open behind the dispatcher, and the failure comes back as a Result.
      const session = lazySession(() => LumenServices.open({ libraryDir: library }));
      const result = await createApiDispatcher(session)('getStatus', undefined);
      await session.dispose();
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe(corruption.code);
      expect(result.error.message).toContain(corruption.file);
      expect(result.error.message).toMatch(corruption.reason);

      // The CLI, alternately indexing and searching.
      if (i % 2 === 0) {
        const run = await lumen('index', photosDir, '--library', library, '--json');
        expect(run.code).toBe(1);
        const answer = JSON.parse(run.stdout) as { ok: boolean; error: { code: string; message: string } };
        expect(answer).toMatchObject({ ok: false, error: { code: corruption.code } });
        expect(answer.error.message).toContain(corruption.file);
        expect(answer.error.message).toMatch(corruption.reason);
      } else {
        const run = await lumen('search', 'red', 'circle', '--library', library);
        expect(run.code).toBe(1);
        expect(run.stdout).toBe('');
        expect(run.stderr).toContain(`lumen: model file ${corruption.file}`);
        expect(run.stderr).toMatch(corruption.reason);
      }
      expect(snapshot()).toEqual(before);
    } finally {
      await restore(installed);
    }
  });

  it('opens again once the files are restored, with every vector as it was', async () => {
    const run = await lumen('index', photosDir, '--library', library, '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ found: PHOTOS, unchanged: PHOTOS, indexed: 0, failed: 0 });
    expect(snapshot()).toEqual(before);
  });
});

describe('a model folder Lumen did not install, damaged', () => {
  let plain: string;

  beforeAll(async () => {
    plain = join(base, 'plain', 'shapes-lit');
    await cp(pristine, plain, { recursive: true });
  });

  it.each([
    ['vision tower cut in half', half, /onnx\/vision_model\.onnx cannot be loaded by onnxruntime: .*Protobuf parsing failed/],
    ['vision weights overwritten with NaN', nanWeights, /onnx\/vision_model\.onnx gives NaN or infinite values \(on cpu\): the file is probably damaged/],
  ] as const)('%s: refused at open, naming the file', async (_name, corrupt, reason) => {
    const path = join(plain, VISION);
    await writeFile(path, corrupt(await readFile(path)));
    try {
      const failure = await failureOf(LumenServices.open({ libraryDir: library, modelFolder: plain }));
      expect(failure.code).toBe('bad-model');
      expect(failure.message).toMatch(reason);
      expect(snapshot()).toEqual(before);
    } finally {
      await restore(plain);
    }
  });

  it('changed on disk while a library has it open: the workers refuse it, nothing is stored', async () => {
    const services = await LumenServices.open({ libraryDir: library, modelFolder: plain, indexWorkers: 1 });
    const more = join(base, 'more-photos');
    try {
      expect(services.model.imageTowerId).toBe(before.towers[0]?.towerId);
      await mkdir(more);
      await writeDistinctPhotos(more, 8, 78);
      const path = join(plain, VISION);
      await writeFile(path, flipWeightBits(await readFile(path), 8));
      const failure = await failureOf(services.indexer.indexFolders([more]));
      expect(failure.code).toBe('model-changed');
      expect(failure.message).toContain(plain);
      expect(failure.message).toMatch(/changed on disk since the library opened it: its image tower is now [0-9a-f]{12}…, not [0-9a-f]{12}…/);
      // Not one vector of the changed graph under the open tower; the new photos are simply not in yet.
      const after = snapshot();
      expect(after.embeddings).toEqual(before.embeddings);
      expect(after.towers).toEqual(before.towers);
      expect(after).toMatchObject({ integrity: 'ok', photos: PHOTOS, errors: 0 });

      await restore(plain);
      expect(await services.indexer.indexFolders([more])).toMatchObject({ indexed: 8, failed: 0 });
    } finally {
      await services.dispose();
    }
  });

  it('a bit flip onnxruntime loads makes another image tower: its vectors never land under the old one', async () => {
    const path = join(plain, VISION);
    await writeFile(path, flipWeightBits(await readFile(path), 8));
    const old = snapshot();
    const oldTower = old.towers[0]?.id;
    const services = await LumenServices.open({ libraryDir: library, modelFolder: plain, indexWorkers: 1 });
    try {
      expect(services.model.imageTowerId).not.toBe(before.towers[0]?.towerId);
      expect(services.towerRowId).not.toBe(oldTower);
      const summary = await services.indexer.indexFolders([photosDir]);
      expect(summary).toMatchObject({ indexed: PHOTOS, failed: 0, removed: 0 });
    } finally {
      await services.dispose();
      await restore(plain);
    }
    const after = snapshot();
    expect(after.integrity).toBe('ok');
    // The old tower's rows are exactly as they were; the new ones are all under the new tower.
    const ofTower = (rows: string[], tower: number | undefined): string[] => rows.filter((row) => row.split(':')[1] === String(tower));
    expect(ofTower(after.embeddings, oldTower)).toEqual(ofTower(old.embeddings, oldTower));
    const newTower = after.towers.find((t) => t.id !== oldTower)?.id;
    const fresh = ofTower(after.embeddings, newTower);
    expect(fresh).toHaveLength(PHOTOS);
    expect(after.embeddings).toHaveLength(old.embeddings.length + PHOTOS);
    // The flip did change vectors: what would have been mixed in is really different.
    const vectorOf = (row: string): string => row.split(':')[2] ?? '';
    const oldVectors = new Map(ofTower(old.embeddings, oldTower).map((row) => [row.split(':')[0], vectorOf(row)]));
    expect(fresh.filter((row) => oldVectors.get(row.split(':')[0]) !== vectorOf(row)).length).toBeGreaterThan(0);
  });
});
