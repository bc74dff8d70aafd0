/**
 * Keywords embedded in a JPEG that lacks only its end-of-image marker: the working copy's pixels
 * are checked against the original's like any photo's, so the write succeeds instead of failing
 * on the decode of both.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../../src-main/node/photos/decode-image';
import { KeywordWriter } from '../../../src-main/node/tagging/keyword-writer';
import { CORPUS, tempDir } from '../indexer/indexer-fixtures';

const writer = new KeywordWriter();

afterAll(async () => {
  await writer.dispose();
});

describe('embedding keywords in a JPEG missing its end marker', () => {
  it('writes them, and the photo keeps its pixels', async () => {
    const whole = await readFile(join(CORPUS, 'photos/rocket.jpg'));
    const photo = join(await tempDir('keyword-missing-jpeg-end'), 'no-end.jpg');
    await writeFile(photo, whole.subarray(0, whole.length - 2));
    await writer.startExport().embedInOriginal(photo, ['rocket']);
    expect((await writer.readKeywords(photo)).Subject).toEqual(['rocket']);
    const after = await decodeImage(photo);
    expect(Buffer.from(after.image.data).equals(Buffer.from((await decodeImage(whole)).image.data))).toBe(true);
  });
});
