/**
 * A model folder another account can change is refused when it is loaded: that account could swap
 * the ONNX graphs or the tokenizer (Lumen would then rank, tag and move photos by its model, and
 * onnxruntime would parse whatever it wrote). Refused: a folder, a file, or a file's folder that
 * belongs to another account (root's are trusted) or that every account may write. Installing a
 * model, even with umask 000, gives it modes that pass.
 */
import { chmodSync, chownSync, cpSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LumenFailure } from '../../../src-common/result';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { ModelRegistry } from '../../../src-main/node/models/model-registry';
import { bundledModelFolder } from '../../../src-main/node/resource-paths';
import { makeTempDir } from '../library/library-fixtures';

const NOBODY = 65_534;
const posixSkip = process.platform === 'win32' ? 'POSIX owners and modes only' : null;
const rootSkip = posixSkip ?? (process.getuid?.() === 0 ? null : 'needs root, to give the folder to another account');

let base: string;
let cleanup: () => void;
let model: string;
beforeEach(() => {
  ({ dir: base, cleanup } = makeTempDir());
  model = join(base, 'clip');
  cpSync(bundledModelFolder(), model, { recursive: true });
});
afterEach(() => cleanup());

async function refusal(folder: string): Promise<LumenFailure> {
  const loaded = await ImageTextModel.load(folder).then(
    async (m) => {
      await m.dispose();
      return null;
    },
    (error: unknown) => error,
  );
  if (loaded instanceof LumenFailure) return loaded;
  throw new Error(`${folder} was loaded (${String(loaded)})`);
}

it.skipIf(rootSkip !== null)(`refuses a model folder that belongs to another account${rootSkip ? ` (skipped: ${rootSkip})` : ''}`, async () => {
  chownSync(model, NOBODY, NOBODY);
  const failure = await refusal(model);
  expect(failure.code).toBe('model-unsafe');
  expect(failure.message).toContain(model);
  expect(failure.message).toContain(`user id ${NOBODY}`);
});

it.skipIf(rootSkip !== null)(`refuses a tower file that belongs to another account${rootSkip ? ` (skipped: ${rootSkip})` : ''}`, async () => {
  chownSync(join(model, 'onnx', 'vision_model.onnx'), NOBODY, NOBODY);
  const failure = await refusal(model);
  expect(failure.code).toBe('model-unsafe');
  expect(failure.message).toContain('vision_model.onnx');
});

it.skipIf(posixSkip !== null)('refuses a tokenizer file every account may write', async () => {
  chmodSync(join(model, 'tokenizer.json'), 0o666);
  const failure = await refusal(model);
  expect(failure.code).toBe('model-unsafe');
  expect(failure.message).toContain('tokenizer.json');
  expect(failure.message).toContain('666');
});

it.skipIf(posixSkip !== null)('refuses a tower folder every account may write (its graphs could be swapped)', async () => {
  chmodSync(join(model, 'onnx'), 0o777);
  const failure = await refusal(model);
  expect(failure.code).toBe('model-unsafe');
  expect(failure.message).toContain(join(model, 'onnx'));
});

it.skipIf(posixSkip !== null)('loads a model of its own that others may read, or its group may write', async () => {
  chmodSync(join(model, 'onnx'), 0o775);
  chmodSync(join(model, 'tokenizer.json'), 0o664);
  const loaded = await ImageTextModel.load(model);
  await loaded.dispose();
});

it.skipIf(posixSkip !== null)('a model installed with umask 000 is not writable by other accounts, and loads', async () => {
  const { installModel } = await import('../../../src-main/node/models/model-installer');
  const registry = new ModelRegistry(join(base, 'models'));
  mkdirSync(registry.dir);
  const previous = process.umask(0);
  let installedFolder: string;
  try {
    const installed = await installModel(model, { registry, id: 'shapes' });
    installedFolder = registry.folderOf(installed.id);
  } finally {
    process.umask(previous);
  }
  const worldWritable = (path: string): string[] => {
    const info = lstatSync(path);
    const own = (info.mode & 0o002) !== 0 ? [path] : [];
    return info.isDirectory() ? [...own, ...readdirSync(path).flatMap((name) => worldWritable(join(path, name)))] : own;
  };
  expect(worldWritable(installedFolder)).toEqual([]);
  expect(statSync(installedFolder).isDirectory()).toBe(true);
  const loaded = await ImageTextModel.load(installedFolder);
  await loaded.dispose();
});
