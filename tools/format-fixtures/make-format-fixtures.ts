/**
 * Makes the small HEIC, DNG, JPEG XL and BMP files the format tests decode, from two photographs
 * of the shared corpus (CC0), into test/fixtures/formats/. The outputs are committed, so the tests
 * need none of the tools this script uses (Debian: libheif-examples, libjxl-tools, netpbm; the
 * exiftool that exiftool-vendored ships).
 *   npx tsx tools/format-fixtures/make-format-fixtures.ts [--corpus ../shared/corpus/photos] [--out test/fixtures/formats]
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp, { type Sharp } from 'sharp';
import { writeDng } from './dng-writer';
import { addRotation, imageItemIds, setPrimaryItem } from './heif-boxes';

const root = resolve(import.meta.dirname, '../..');
const exiftool = join(dirname(createRequire(import.meta.url).resolve('exiftool-vendored.pl/package.json')), 'bin/exiftool');

function run(command: string, args: string[], input?: Buffer): Buffer {
  return execFileSync(command, args, { input, maxBuffer: 1 << 26, stdio: ['pipe', 'pipe', 'pipe'] });
}

const CAMERA_EXIF = ['-Make=Apple', '-Model=iPhone 12 (fixture)', '-DateTimeOriginal=2023:05:17 10:11:12', '-OffsetTimeOriginal=+01:00'];
const LISBON_GPS = ['-GPSLatitude=38.7223', '-GPSLatitudeRef=N', '-GPSLongitude=9.1393', '-GPSLongitudeRef=W', '-GPSAltitude=45', '-GPSAltitudeRef=0'];

async function jpegWithExif(work: string, name: string, pixels: Sharp, exif: string[]): Promise<string> {
  const path = join(work, name);
  await pixels.jpeg({ quality: 90 }).toFile(path);
  run(exiftool, ['-q', '-overwrite_original', ...exif, path]);
  return path;
}

async function heifEnc(input: string[], output: string, extra: string[] = []): Promise<Buffer> {
  run('heif-enc', ['-q', '45', ...extra, '-o', output, ...input]);
  return readFile(output);
}

/** A Bayer (RGGB) mosaic of linear 12-bit values from sRGB pixels. */
async function mosaicOf(photo: string, width: number, height: number): Promise<{ width: number; height: number; values: Uint16Array }> {
  const rgb = await sharp(photo).resize(width, height, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  const values = new Uint16Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const channel = y % 2 === 0 ? (x % 2 === 0 ? 0 : 1) : x % 2 === 0 ? 1 : 2;
      const srgb = (rgb[(y * width + x) * 3 + channel] as number) / 255;
      const linear = srgb <= 0.04045 ? srgb / 12.92 : ((srgb + 0.055) / 1.055) ** 2.4;
      values[y * width + x] = Math.round(linear * 4095);
    }
  }
  return { width, height, values };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { corpus: { type: 'string' }, out: { type: 'string' } } });
  const corpus = resolve(values.corpus ?? join(root, '../shared/corpus/photos'));
  const out = resolve(values.out ?? join(root, 'test/fixtures/formats'));
  await mkdir(out, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), 'lumen-format-fixtures-'));
  const cat = join(corpus, 'chelsea.png');
  const coffee = join(corpus, 'coffee.png');
  try {
    // HEIC with EXIF (date, GPS) and a 320-px thumbnail, like a phone's.
    const catJpeg = await jpegWithExif(work, 'cat.jpg', sharp(cat), [...CAMERA_EXIF, ...LISBON_GPS]);
    await writeFile(join(out, 'cat.heic'), await heifEnc([catJpeg], join(work, 'cat.heic'), ['-t', '320']));

    // A turned photo as iPhones store it: the pixels as the sensor saw them (here turned a quarter
    // anticlockwise), a container rotation (irot: 3 quarter turns anticlockwise = 90° clockwise)
    // and EXIF Orientation 6 saying the same thing again. Upright, it is the landscape cat.
    const sideways = await jpegWithExif(work, 'sideways.jpg', sharp(cat).rotate(-90), [...CAMERA_EXIF, '-Orientation#=6']);
    await writeFile(join(out, 'cat-irot-and-exif-6.heic'), addRotation(await heifEnc([sideways], join(work, 'sideways.heic')), 3));

    // Two images in one file (a burst or an edit), the second one marked primary.
    const cup = await jpegWithExif(work, 'cup.jpg', sharp(coffee).resize(320, 213), CAMERA_EXIF);
    const smallCat = await jpegWithExif(work, 'small-cat.jpg', sharp(cat).resize(240, 160), CAMERA_EXIF);
    const pair = await heifEnc([cup, smallCat], join(work, 'pair.heic'));
    const [, second] = imageItemIds(pair);
    if (second === undefined) throw new Error('heif-enc wrote fewer than two images');
    await writeFile(join(out, 'two-images-second-primary.heic'), setPrimaryItem(pair, second));

    // As Canon and Sony cameras write .hif: 10-bit, 4:2:2 chroma.
    const cat16 = join(work, 'cat16.png');
    await sharp(cat).resize(150, 100).toColourspace('rgb16').png().toFile(cat16);
    await writeFile(join(out, 'cat-10bit-422.hif'), await heifEnc([cat16], join(work, 'cat-10bit-422.heic'), ['-b', '10', '-p', 'chroma=422']));

    // DNGs: one as cameras and converters write them (IFD0 thumbnail, JPEG preview in a SubIFD,
    // Orientation 6), one with the sensor data only (no preview at all).
    const preview = await sharp(cat).resize(480, 320).jpeg({ quality: 70 }).toBuffer();
    const thumb = await sharp(cat).resize(96, 64).removeAlpha().raw().toBuffer();
    const dng = {
      mosaic: await mosaicOf(cat, 160, 106),
      orientation: 6,
      make: 'Lumen',
      model: 'Fixture DNG',
      dateTimeOriginal: '2022:08:09 07:06:05',
      gps: { latitude: 38.7223, longitude: -9.1393 },
    };
    await writeFile(
      join(out, 'cat-preview-rotated.dng'),
      writeDng({ ...dng, thumbnail: { width: 96, height: 64, rgb: thumb }, preview: { width: 480, height: 320, jpeg: preview } }),
    );
    await writeFile(join(out, 'cat-sensor-only.dng'), writeDng({ ...dng, orientation: 1, mosaic: await mosaicOf(cat, 180, 120) }));

    // JPEG XL (libjxl's cjxl) and BMP (netpbm's ppmtobmp), each from the same photo.
    const catPng = join(work, 'cat.png');
    await sharp(cat).resize(150, 100).png().toFile(catPng);
    run('cjxl', ['-q', '80', catPng, join(out, 'cat.jxl')]);
    const ppm = run('pngtopnm', [catPng]);
    await writeFile(join(out, 'cat.bmp'), run('ppmtobmp', ['-bpp', '24'], ppm));
    await writeFile(join(out, 'cat-reference.png'), await readFile(catPng));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  console.log(`[format-fixtures] wrote ${out}`);
}

await main();
