/**
 * Where Lumen's inputs equal transformers.js' exactly (tokens, pixels), and the two places it
 * deliberately differs, each pinned down: transformers.js cuts long texts after the special
 * tokens are added (dropping end-of-text, which CLIP pools at), and caps an integer `size` on the
 * long side (letterboxing non-square photos before CLIP's centre crop). In both, Lumen does what
 * Python transformers does — what the models were trained with.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { prepareImage } from '../../../src-main/node/model/image-preprocessor';
import { parsePreprocessSpec } from '../../../src-main/node/model/preprocess-spec';
import { TextTokenizer } from '../../../src-main/node/model/text-tokenizer';
import { decodeImage } from '../../../src-main/node/photos/decode-image';
import { REFERENCE_TEXTS } from '../../../tools/reference-models/reference-texts';
import { writeReferenceModel } from '../../../tools/reference-models/write-reference-model';
import { loadReference } from './reference/transformers-reference';
import { maxAbsDifference } from './reference/vector-agreement';

const PHOTOS_DIR = join(import.meta.dirname, '../../fixtures/corpus/photos');
const LONG_TEXT = Array.from({ length: 60 }, (_, i) => `${['red', 'blue', 'cat', 'sky'][i % 4]} photo`).join(' ');

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-divergence-'));
  await writeReferenceModel(join(root, 'clip'), { family: 'clip' });
  await writeReferenceModel(join(root, 'clip-integer-size'), { family: 'clip', clipSizeStyle: 'integer' });
  await writeReferenceModel(join(root, 'siglip'), { family: 'siglip' });
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function lumenTokenizer(folder: string): Promise<TextTokenizer> {
  const json = async (name: string): Promise<Record<string, unknown>> => JSON.parse(await readFile(join(folder, name), 'utf8')) as Record<string, unknown>;
  return TextTokenizer.create(await json('tokenizer.json'), await json('tokenizer_config.json'));
}

async function lumenPixels(folder: string, photo: string): Promise<Float32Array> {
  const spec = parsePreprocessSpec(JSON.parse(await readFile(join(folder, 'preprocessor_config.json'), 'utf8')) as Record<string, unknown>);
  return (await prepareImage((await decodeImage(photo)).image, spec)).data;
}

describe.each([
  ['clip', 'longest'],
  ['siglip', 'max_length'],
] as const)('%s inputs', (family, padding) => {
  it('tokenizes every reference text to the same ids, padding included', async () => {
    const folder = join(root, family);
    const reference = await loadReference(folder, family, 'fp32');
    const tokenizer = await lumenTokenizer(folder);
    for (const text of REFERENCE_TEXTS) {
      const batch = tokenizer.encode([text], padding);
      expect(Array.from(batch.inputIds, Number)).toEqual(reference.tokenIds([text])[0]);
    }
  });

  it('feeds the vision tower the same pixels for every photo', async () => {
    const folder = join(root, family);
    const reference = await loadReference(folder, family, 'fp32');
    for (const name of await readdir(PHOTOS_DIR)) {
      const photo = join(PHOTOS_DIR, name);
      const theirs = await reference.pixelValues(photo);
      expect(maxAbsDifference(await lumenPixels(folder, photo), theirs.data)).toBeLessThanOrEqual(1e-6);
    }
  });

  it('keeps end-of-text when truncating a long text, where transformers.js drops it', async () => {
    const folder = join(root, family);
    const tokenizer = await lumenTokenizer(folder);
    const ours = tokenizer.encodeOne(LONG_TEXT);
    const theirs = (await loadReference(folder, family, 'fp32')).tokenIds([LONG_TEXT])[0] ?? [];
    const endOfText = tokenizer.encodeOne('').at(-1);
    expect(ours).toHaveLength(tokenizer.maxLength ?? -1);
    expect(theirs).toHaveLength(ours.length);
    expect(ours.at(-1)).toBe(endOfText);
    expect(theirs.at(-1)).not.toBe(endOfText);
    expect(ours.slice(0, -1)).toEqual(theirs.slice(0, -1));
  });
});

describe('an integer `size` (openai/clip-* preprocessor configs)', () => {
  it('is a shortest edge: the same pixels as {shortest_edge}, not transformers.js’ letterbox', async () => {
    const photo = join(PHOTOS_DIR, 'chelsea.png'); // 451 × 300: non-square
    const ours = await lumenPixels(join(root, 'clip-integer-size'), photo);
    const shortestEdge = await loadReference(join(root, 'clip'), 'clip', 'fp32');
    const integer = await loadReference(join(root, 'clip-integer-size'), 'clip', 'fp32');
    expect(maxAbsDifference(ours, (await shortestEdge.pixelValues(photo)).data)).toBeLessThanOrEqual(1e-6);
    // transformers.js shrinks the photo to fit inside the square, so the crop adds black rows.
    const letterboxed = (await integer.pixelValues(photo)).data;
    expect(maxAbsDifference(ours, letterboxed)).toBeGreaterThan(0.5);
    expect(letterboxed[0]).toBeCloseTo((0 - 0.48145466) / 0.26862954, 5);
  });

  it('gives the same image vector as the {shortest_edge} form in Lumen', async () => {
    const photo = (await decodeImage(join(PHOTOS_DIR, 'chelsea.png'))).image;
    const [integer, edge] = [await ImageTextModel.load(join(root, 'clip-integer-size')), await ImageTextModel.load(join(root, 'clip'))];
    try {
      const [a] = await integer.embedImages([await integer.prepareImage(photo)]);
      const [b] = await edge.embedImages([await edge.prepareImage(photo)]);
      expect(maxAbsDifference(a ?? new Float32Array(), b ?? new Float32Array())).toBe(0);
    } finally {
      await Promise.all([integer.dispose(), edge.dispose()]);
    }
  });
});
