import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openOtherFormat, type OtherFormatSource } from '../../../../src-main/node/photos/formats/other-format-source';
import { jxlClaimedSize } from '../../../../src-main/node/photos/formats/jxl-header';
import { sniffImageKind } from '../../../../src-main/node/photos/formats/sniff-image-kind';
import { isPhotoPath } from '../../../../src-main/node/photos/photo-formats';

const fixtures = join(import.meta.dirname, '../../../fixtures/formats');
const MAX_PIXELS = 250_000_000;

async function fixture(name: string): Promise<Buffer> {
  return readFile(join(fixtures, name));
}

/** Largest per-sample difference between what sharp makes of a source and the reference cat. */
async function maxDifferenceFromCat(source: OtherFormatSource): Promise<number> {
  const { data: expected, info } = await sharp(join(fixtures, 'cat-reference.png')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const actual = await sharp(source.input, source.options).rotate().removeAlpha().resize(info.width, info.height, { fit: 'fill' }).raw().toBuffer();
  let max = 0;
  for (let i = 0; i < expected.length; i++) max = Math.max(max, Math.abs((expected[i] as number) - (actual[i] as number)));
  return max;
}

describe('photo extensions', () => {
  it.each([
    'a.jfif',
    'a.JFI',
    'a.jif',
    'a.bmp',
    'a.jxl',
    'a.hif',
    'a.HEIC',
    'a.dng',
    'a.CR3',
    'a.nef',
    'a.arw',
    'a.raf',
    'a.orf',
    'a.rw2',
    'a.x3f',
    'a.3fr',
    'a.iiq',
    'a.raw',
  ])('%s is picked up', (name) => {
    expect(isPhotoPath(name)).toBe(true);
  });
});

describe('sniffImageKind', () => {
  it('knows a HEIC by its content, whatever its name', async () => {
    const heic = await fixture('cat.heic');
    expect(sniffImageKind(heic, '/photos/IMG_0001.jpg')).toBe('heif');
    expect(sniffImageKind(heic)).toBe('heif');
  });

  it('leaves AVIF and the common formats to libvips', async () => {
    const avif = await sharp(join(fixtures, 'cat-reference.png')).avif().toBuffer();
    expect(sniffImageKind(avif, 'a.avif')).toBe('libvips');
    expect(sniffImageKind(await sharp(join(fixtures, 'cat-reference.png')).jpeg().toBuffer(), 'a.jfif')).toBe('libvips');
    expect(sniffImageKind(await sharp(join(fixtures, 'cat-reference.png')).tiff().toBuffer(), 'a.tif')).toBe('libvips');
  });

  it('knows a DNG by its DNGVersion tag, and other RAW by extension', async () => {
    expect(sniffImageKind(await fixture('cat-preview-rotated.dng'))).toBe('raw');
    const tiff = await sharp(join(fixtures, 'cat-reference.png')).tiff().toBuffer();
    expect(sniffImageKind(tiff, 'DSC_0001.NEF')).toBe('raw');
    // A JPEG saved under a RAW name is decoded as the JPEG it is.
    expect(sniffImageKind(await sharp(join(fixtures, 'cat-reference.png')).jpeg().toBuffer(), 'x.raw')).toBe('libvips');
  });

  it('knows JPEG XL and BMP', async () => {
    expect(sniffImageKind(await fixture('cat.jxl'))).toBe('jxl');
    expect(sniffImageKind(await fixture('cat.bmp'))).toBe('bmp');
  });
});

describe('openOtherFormat', () => {
  it('returns null for what sharp decodes itself', async () => {
    expect(await openOtherFormat(await sharp(join(fixtures, 'cat-reference.png')).png().toBuffer(), { maxPixels: MAX_PIXELS })).toBeNull();
  });

  it('decodes a HEIC to pixels sharp takes, with its EXIF and the name heic', async () => {
    const source = await openOtherFormat(await fixture('cat.heic'), { path: 'IMG_0001.HEIC', maxPixels: MAX_PIXELS });
    expect(source).toMatchObject({ format: 'heic', upright: { width: 451, height: 300 } });
    expect(source?.exif?.length).toBeGreaterThan(50);
    expect(await sharp(source?.input, source?.options).metadata()).toMatchObject({ width: 451, height: 300 });
  });

  it('decodes a BMP exactly', async () => {
    const source = await openOtherFormat(await fixture('cat.bmp'), { path: 'cat.bmp', maxPixels: MAX_PIXELS });
    expect(source?.format).toBe('bmp');
    expect(await maxDifferenceFromCat(source as OtherFormatSource)).toBe(0);
  });

  it('refuses a BMP whose header claims more pixels than the limit, before decoding', async () => {
    const bmp = Buffer.from(await fixture('cat.bmp'));
    bmp.writeInt32LE(100_000, 18);
    bmp.writeInt32LE(100_000, 22);
    await expect(openOtherFormat(bmp, { path: 'huge.bmp', maxPixels: MAX_PIXELS })).rejects.toThrow(/too large to decode safely/);
  });

  it('reads the size a JPEG XL header claims, and refuses one above the limit before decoding', async () => {
    expect(jxlClaimedSize(await fixture('cat.jxl'))).toEqual({ width: 150, height: 100 });
    // FF 0A, then: not small (0), height selector 3 (1 + 30 bits) = 100 000, ratio 1 (1:1).
    const bits = [0, 1, 1, ...Array.from({ length: 30 }, (_, i) => ((100_000 - 1) >> i) & 1), 1, 0, 0];
    const header = Buffer.alloc(2 + Math.ceil(bits.length / 8) + 8);
    header[0] = 0xff;
    header[1] = 0x0a;
    bits.forEach((bit, i) => {
      header[2 + (i >> 3)] = (header[2 + (i >> 3)] as number) | (bit << (i & 7));
    });
    expect(jxlClaimedSize(header)).toEqual({ width: 100_000, height: 100_000 });
    await expect(openOtherFormat(header, { path: 'huge.jxl', maxPixels: MAX_PIXELS })).rejects.toThrow(/too large to decode safely/);
  });

  it('decodes a JPEG XL', async () => {
    const source = await openOtherFormat(await fixture('cat.jxl'), { path: 'cat.jxl', maxPixels: MAX_PIXELS });
    expect(source?.format).toBe('jxl');
    expect(await sharp(source?.input, source?.options).metadata()).toMatchObject({ width: 150, height: 100 });
    expect(await maxDifferenceFromCat(source as OtherFormatSource)).toBeLessThan(60);
  });

  it('names a RAW by its extension and gives its upright size', async () => {
    const path = join(fixtures, 'cat-preview-rotated.dng');
    const source = await openOtherFormat(await readFile(path), { path, maxPixels: MAX_PIXELS });
    expect(source).toMatchObject({ format: 'dng', upright: { width: 106, height: 160 } });
  });
});
