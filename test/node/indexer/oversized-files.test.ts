/**
 * A photo file larger than Node can read into memory at once (2 GiB: a gigapixel TIFF scan, a
 * sparse or damaged copy) is left out with a sentence that says so,
 * while the folder's other photos index; Node's own error text never reaches the person.
 */
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary } from '../../../src-common/contract';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { describeDecodeError } from '../../../src-main/node/photos/describe-decode-error';
import { openLibrary, tempDir, writeShapePhotos } from './indexer-fixtures';

const THREE_GIB = 3 * 2 ** 30;
let photos: string;
let big: string;
let services: LumenServices;
let first: IndexSummary;

/** A sparse file: its size on disk is nothing, its length is over the limit. */
async function sparseFile(path: string, length: number): Promise<void> {
  const handle = await open(path, 'w');
  await handle.truncate(length);
  await handle.close();
}

beforeAll(async () => {
  photos = await tempDir('oversized');
  services = await openLibrary(await tempDir('oversized-lib'), 1);
  await writeShapePhotos(photos, 1, 5);
  big = join(photos, 'scan.tif');
  await sparseFile(big, THREE_GIB);
  first = await services.indexer.indexFolders([photos]);
}, 300_000);

afterAll(async () => {
  await services?.dispose();
});

describe('photo files over 2 GiB', () => {
  it('are left out with one sentence naming the limit, and the other photos index', () => {
    expect(first).toMatchObject({ found: 2, indexed: 1, failed: 1 });
    const [error, ...others] = services.photos.listErrors();
    expect(others).toEqual([]);
    expect(error?.path).toBe(big);
    expect(error?.reason).toMatch(/^file is too large for Lumen to read as a photo \(3\.0 GB; photo files up to 2 GB are read\)/);
    expect(error?.reason).not.toMatch(/File size|ERR_|greater than/);
  });

  it('are not read again while unchanged', async () => {
    expect(await services.indexer.indexFolders([photos])).toMatchObject({ found: 2, unchanged: 2, failed: 0 });
  });

  it('are described in the same words wherever Node refuses to read one', async () => {
    const refusal = await readFile(big).then(
      () => null,
      (error: unknown) => error,
    );
    expect(describeDecodeError(refusal)).toMatch(/^file is too large for Lumen to read as a photo/);
  });
});
