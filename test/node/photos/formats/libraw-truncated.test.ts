/**
 * A RAW file cut short, handed to LibRaw's dcraw_emu: the reason says truncated or damaged, without
 * the file's path (the error list prints it above) and without LibRaw's "Input/output error",
 * which it says of data it cannot parse and which reads like a failing disk.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeDecodeError } from '../../../../src-main/node/photos/describe-decode-error';
import { developWithDcrawEmu, findDcrawEmu } from '../../../../src-main/node/photos/formats/libraw-command';

const fixtures = join(import.meta.dirname, '../../../fixtures/formats');
const dcrawEmu = findDcrawEmu();

describe.skipIf(dcrawEmu === null)('a RAW file cut short, developed by LibRaw', () => {
  it.each([
    ['cut in half', (bytes: Buffer) => bytes.subarray(0, bytes.length >> 1)],
    ['cut after its first 300 bytes', (bytes: Buffer) => bytes.subarray(0, 300)],
  ])('%s: truncated or damaged, with neither its path nor "Input/output error"', async (_how, cut) => {
    const path = join(await mkdtemp(join(tmpdir(), 'lumen-libraw-cut-')), 'IMG_0001.dng');
    await writeFile(path, cut(await readFile(join(fixtures, 'cat-preview-rotated.dng'))));
    const error = await developWithDcrawEmu(dcrawEmu as string, path, { halfSize: true }).then(
      () => null,
      (caught: unknown) => caught,
    );
    const reason = describeDecodeError(error);
    expect(reason).toMatch(/^LibRaw could not decode this RAW file's sensor data: the file is truncated or damaged/);
    expect(reason).not.toContain(path);
    expect(reason).not.toMatch(/Input\/output error/);
  });
});
