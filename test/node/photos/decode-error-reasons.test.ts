import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { describeDecodeError } from '../../../src-main/node/photos/describe-decode-error';

const fixtures = join(import.meta.dirname, '../../fixtures/formats');

async function libvipsError(input: Buffer): Promise<unknown> {
  return sharp(input, { failOn: 'error' })
    .raw()
    .toBuffer()
    .then(
      () => null,
      (error: unknown) => error,
    );
}

/** A valid uncompressed TIFF whose Compression tag claims JPEG 2000 (34712), which libtiff here cannot decode. */
async function jpeg2000Tiff(): Promise<Buffer> {
  const tiff = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
    .tiff({ compression: 'none' })
    .toBuffer();
  const ifd = tiff.readUInt32LE(4);
  for (let i = 0; i < tiff.readUInt16LE(ifd); i++) {
    const at = ifd + 2 + i * 12;
    if (tiff.readUInt16LE(at) === 259) tiff.writeUInt16LE(34712, at + 8);
  }
  return tiff;
}

describe('describeDecodeError', () => {
  it('calls a codec libvips lacks unsupported, not damaged (HEVC in a HEIC)', async () => {
    const reason = describeDecodeError(await libvipsError(await readFile(join(fixtures, 'cat.heic'))));
    expect(reason).toMatch(/codec|compression/);
    expect(reason).toMatch(/not supported|does not support/);
    expect(reason).not.toMatch(/damaged/);
  });

  it('calls an unimplemented TIFF compression unsupported', async () => {
    const reason = describeDecodeError(await libvipsError(await jpeg2000Tiff()));
    expect(reason).toMatch(/not supported|does not support/);
    expect(reason).not.toMatch(/damaged/);
  });

  it('says a file name that is not valid UTF-8 is the problem, not that the file disappeared', () => {
    const error = Object.assign(new Error("ENOENT: no such file or directory, open '/photos/caf\uFFFD.jpg'"), { code: 'ENOENT' });
    const reason = describeDecodeError(error);
    expect(reason).toMatch(/not valid UTF-8/);
    expect(reason).not.toMatch(/disappeared/);
  });
});
