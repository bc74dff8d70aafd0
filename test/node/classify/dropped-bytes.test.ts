/**
 * Dropped images (bytes without a file, as a browser sends them) each get their own outcome: an
 * empty or broken one says why, beside the good ones, through a real model and the real contract.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateArgument } from '../../../src-common/validated-dispatcher';
import { embedImageSources } from '../../../src-main/node/indexer/embed-worker/embed-images';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { renderShapePhoto } from '../../support/independent-shapes-renderer';
import { writeTinyModelFolder } from '../model/fixtures/tiny-model-folder';

let root: string;
let model: ImageTextModel;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-dropped-bytes-'));
  model = await ImageTextModel.load(await writeTinyModelFolder(join(root, 'tiny')), { intraOpNumThreads: 1 });
});
afterAll(async () => {
  await model.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('dropped images', () => {
  it('the contract takes an empty file (its own outcome comes from the service, not a refusal of the call)', () => {
    expect(validateArgument('classifyImage', { into: 'shapes', name: 'empty.jpg', data: '' }).ok).toBe(true);
    expect(validateArgument('classifyImage', { into: 'shapes', name: 'odd.jpg', data: 'abc' }).ok).toBe(false);
  });

  it('embeds each one on its own: an empty file and a text file say why, the photo between them is embedded', async () => {
    const photo = (await renderShapePhoto({ color: 'red', shape: 'circle', seed: 1, format: 'png' })).data;
    const outcomes = await embedImageSources(model, [
      { bytes: new Uint8Array(0) },
      { bytes: new Uint8Array(photo) },
      { bytes: new TextEncoder().encode('hello, I am a text file wearing a .jpg') },
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([false, true, false]);
    expect(outcomes[0]?.ok === false && outcomes[0].reason).toBe('the file is empty (0 bytes)');
    expect(outcomes[2]?.ok === false && outcomes[2].reason).toMatch(/^not a supported image/);
  });
});
