/**
 * The folder of installed models (`$LUMEN_MODELS`, or `models` beside the default library) is
 * written under names anyone can work out (`registry.json.<pid>.tmp`, `.downloads/<id>/<file>.part`,
 * `.staging/…`). If another account may write that folder (it made it first, or it is mode 777 after
 * umask 000), it can plant a link there and have one of our files overwritten. Such a folder is
 * refused before anything is written in it; a new one is made owner-only (0700).
 */
import { chmodSync, chownSync, cpSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LumenFailure } from '../../../src-common/result';
import { installModel } from '../../../src-main/node/models/model-installer';
import { ModelRegistry, type InstalledModel } from '../../../src-main/node/models/model-registry';
import { bundledModelFolder } from '../../../src-main/node/resource-paths';
import { makeTempDir } from '../library/library-fixtures';

const NOBODY = 65_534;
const posixSkip = process.platform === 'win32' ? 'POSIX owners and modes only' : null;
const rootSkip = posixSkip ?? (process.getuid?.() === 0 ? null : 'needs root, to give the folder to another account');
const ORIGINAL = 'export PATH=/usr/bin\n';

let base: string;
let cleanup: () => void;
let ownFile: string;
beforeEach(() => {
  ({ dir: base, cleanup } = makeTempDir());
  ownFile = join(base, 'own-file');
  writeFileSync(ownFile, ORIGINAL, { mode: 0o600 });
});
afterEach(() => cleanup());

const MODEL: InstalledModel = {
  id: 'shapes',
  name: 'shapes',
  family: 'clip',
  source: '/somewhere',
  files: {},
  imageTowerId: 'i',
  textTowerId: 't',
  embedDim: 32,
  installedAt: '2026-01-01T00:00:00.000Z',
};

async function failureOf(work: Promise<unknown>): Promise<LumenFailure> {
  const outcome = await work.then(
    () => null,
    (error: unknown) => error,
  );
  if (outcome instanceof LumenFailure) return outcome;
  throw new Error(`it went ahead (${String(outcome)})`);
}

it.skipIf(posixSkip !== null)('a models folder every account may write is refused, and a link planted in it is not written through', async () => {
  const dir = join(base, 'models');
  mkdirSync(dir);
  chmodSync(dir, 0o777);
  symlinkSync(ownFile, join(dir, `registry.json.${process.pid}.tmp`));

  const failure = await failureOf(new ModelRegistry(dir).put(MODEL));
  expect(failure.code).toBe('models-unsafe');
  expect(failure.message).toContain(dir);
  expect(readFileSync(ownFile, 'utf8')).toBe(ORIGINAL);

  const model = join(base, 'shapes-copy');
  cpSync(bundledModelFolder(), model, { recursive: true });
  expect((await failureOf(installModel(model, { registry: new ModelRegistry(dir), id: 'shapes' }))).code).toBe('models-unsafe');
});

it.skipIf(rootSkip !== null)(`a models folder another account made is refused${rootSkip ? ` (skipped: ${rootSkip})` : ''}`, async () => {
  const dir = join(base, 'models');
  mkdirSync(dir, { mode: 0o700 });
  chownSync(dir, NOBODY, NOBODY);
  const failure = await failureOf(new ModelRegistry(dir).put(MODEL));
  expect(failure.code).toBe('models-unsafe');
  expect(failure.message).toContain(`user id ${NOBODY}`);
});

it.skipIf(posixSkip !== null)('a new models folder is made owner-only, even with umask 000', async () => {
  const dir = join(base, 'data', 'lumen', 'models');
  const model = join(base, 'shapes-copy');
  cpSync(bundledModelFolder(), model, { recursive: true });
  const previous = process.umask(0);
  try {
    await installModel(model, { registry: new ModelRegistry(dir), id: 'shapes' });
  } finally {
    process.umask(previous);
  }
  expect(statSync(dir).mode & 0o777).toBe(0o700);
  expect((await new ModelRegistry(dir).list()).map((m) => m.id)).toEqual(['shapes']);
});
