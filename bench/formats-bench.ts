/**
 * `npm run bench -- formats [--photos 10] [--e2e-photos 10] [--model vit-b32|demo]`
 *
 * HEIC and camera RAW against JPEG, on the same photos (the corpus photographs, brought to 12 MP):
 * decode time per photo for each path Lumen has (full HEIC decode, HEIC thumbnail, RAW preview,
 * LibRaw), how close the vectors from an embedded image are to those from the full decode (cosine,
 * with the same photo, against the cosine between different photos), and photos/s end to end per
 * format through the real indexer. Needs Debian's heif-enc (libheif-examples) and dcraw_emu
 * (libraw-bin) to make and develop the files.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import sharp, { type Sharp } from 'sharp';
import { decodeForModel, type ModelInput } from '../src-main/node/indexer/embed-worker/decode-for-model';
import { LumenServices } from '../src-main/node/lumen-services';
import { ImageTextModel } from '../src-main/node/model/image-text-model';
import type { RgbImage } from '../src-main/node/model/rgb-image';
import { decodeHeif } from '../src-main/node/photos/formats/heif-decoder';
import { openOtherFormat } from '../src-main/node/photos/formats/other-format-source';
import { developWithDcrawEmu, findDcrawEmu } from '../src-main/node/photos/formats/libraw-command';
import { bundledModelFolder } from '../src-main/node/resource-paths';
import { writeDng } from '../tools/format-fixtures/dng-writer';
import { cosine } from './decode-fidelity';
import { specModelInput } from './spec-model-input';
import { ensureVitB32Folder } from './vit-b32-model';

const run = promisify(execFile);
const SCRATCH = join(import.meta.dirname, '../.scratch/bench-formats');
const CORPUS = join(import.meta.dirname, '../test/fixtures/corpus/photos');
const log = (line: string): void => void process.stderr.write(`[bench formats] ${line}\n`);
const WIDTH = 4032;
const HEIGHT = 3024;
/** A 24-MP-class sensor would take minutes to write and develop here; 3000×2000 keeps the RAW path honest and the run short. */
const SENSOR = { width: 3000, height: 2000 };
/** Sony-sized embedded preview. */
const PREVIEW = { width: 1616, height: 1080 };

export interface BenchPhoto {
  name: string;
  jpeg: string;
  heic: string;
  dng: string;
}

async function mosaic(photo: string): Promise<Uint16Array> {
  const rgb = await sharp(photo).resize(SENSOR.width, SENSOR.height, { fit: 'cover' }).removeAlpha().raw().toBuffer();
  const values = new Uint16Array(SENSOR.width * SENSOR.height);
  for (let y = 0; y < SENSOR.height; y++) {
    for (let x = 0; x < SENSOR.width; x++) {
      const channel = y % 2 === 0 ? (x % 2 === 0 ? 0 : 1) : x % 2 === 0 ? 1 : 2;
      const srgb = (rgb[(y * SENSOR.width + x) * 3 + channel] as number) / 255;
      values[y * SENSOR.width + x] = Math.round((srgb <= 0.04045 ? srgb / 12.92 : ((srgb + 0.055) / 1.055) ** 2.4) * 4095);
    }
  }
  return values;
}

/** 12-MP JPEG, iPhone-like HEIC (320×240 thumbnail) and a DNG with a preview, per corpus photo; made once. */
export async function ensurePhotos(count: number): Promise<BenchPhoto[]> {
  const folders = { jpeg: join(SCRATCH, 'jpeg'), heic: join(SCRATCH, 'heic'), dng: join(SCRATCH, 'dng') };
  for (const folder of Object.values(folders)) await mkdir(folder, { recursive: true });
  const sources = (await readdir(CORPUS))
    .filter((n) => /\.(png|jpe?g)$/.test(n))
    .sort()
    .slice(0, count);
  const photos: BenchPhoto[] = [];
  for (const source of sources) {
    const name = source.replace(/\.[^.]+$/, '');
    const photo = { name, jpeg: join(folders.jpeg, `${name}.jpg`), heic: join(folders.heic, `${name}.heic`), dng: join(folders.dng, `${name}.dng`) };
    if (!existsSync(photo.jpeg))
      await sharp(join(CORPUS, source)).resize(WIDTH, HEIGHT, { fit: 'cover', kernel: 'cubic' }).removeAlpha().jpeg({ quality: 90 }).toFile(photo.jpeg);
    if (!existsSync(photo.heic)) {
      log(`encoding ${name}.heic (x265, a few seconds)…`);
      await run('heif-enc', ['-q', '50', '-t', '320', '-o', photo.heic, photo.jpeg]);
    }
    if (!existsSync(photo.dng)) {
      const preview = await sharp(photo.jpeg).resize(PREVIEW.width, PREVIEW.height, { fit: 'cover' }).jpeg({ quality: 85 }).toBuffer();
      const dng = writeDng({
        mosaic: { width: SENSOR.width, height: SENSOR.height, values: await mosaic(photo.jpeg) },
        preview: { width: PREVIEW.width, height: PREVIEW.height, jpeg: preview },
        thumbnail: { width: 256, height: 171, rgb: await sharp(photo.jpeg).resize(256, 171, { fit: 'fill' }).removeAlpha().raw().toBuffer() },
        orientation: 1,
        make: 'Lumen',
        model: 'Bench DNG',
        dateTimeOriginal: '2025:06:01 12:00:00',
      });
      await writeFile(photo.dng, dng);
    }
    photos.push(photo);
  }
  return photos;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

async function resizedTo(source: Sharp, like: RgbImage): Promise<RgbImage> {
  const data = await source.resize(like.width, like.height, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: like.width, height: like.height };
}

interface PerPhoto {
  jpegMs: number;
  /** What the formats change added to the JPEG path: sniffing the bytes (and finding nothing to do). */
  jpegCheckMs: number;
  heicFullMs: number;
  heicIndexMs: number;
  rawPreviewMs: number;
  librawMs: number;
  heicCosine: number;
  rawCosine: number;
  fullVector: Float32Array;
}

async function measurePhoto(photo: BenchPhoto, input: ModelInput, model: ImageTextModel, dcrawEmu: string): Promise<PerPhoto> {
  const [jpegBytes, heicBytes, dngBytes] = await Promise.all([readFile(photo.jpeg), readFile(photo.heic), readFile(photo.dng)]);
  const jpeg = await timed(() => decodeForModel(jpegBytes, input, photo.jpeg));
  const jpegCheck = await timed(() => openOtherFormat(jpegBytes, { path: photo.jpeg, maxPixels: 250_000_000 }));
  if (jpegCheck.value !== null) throw new Error('a JPEG went to another decoder');
  const heicFull = await timed(() => decodeHeif(heicBytes, { maxPixels: 250_000_000 }));
  const heicIndex = await timed(() => decodeForModel(heicBytes, input, photo.heic));
  const rawPreview = await timed(() => decodeForModel(dngBytes, input, photo.dng));
  const libraw = await timed(() => developWithDcrawEmu(dcrawEmu, photo.dng, { halfSize: false }));

  // The full decodes, brought to the size the index decode produced, against what it produced.
  const full = heicFull.value;
  const heicFromFull = await resizedTo(sharp(full.data, { raw: { width: full.width, height: full.height, channels: full.channels } }), heicIndex.value.image);
  const rawFromLibraw = await resizedTo(sharp(libraw.value), rawPreview.value.image);
  const prepared = await Promise.all([heicIndex.value.image, heicFromFull, rawPreview.value.image, rawFromLibraw].map((image) => input.prepareImage(image)));
  const [heicEmbedded, heicFullVector, rawEmbedded, rawFullVector] = (await model.embedImages(prepared)) as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  if (heicIndex.value.image.width > 330) throw new Error(`expected the HEIC thumbnail to be used, got ${heicIndex.value.image.width} px`);
  return {
    jpegMs: jpeg.ms,
    jpegCheckMs: jpegCheck.ms,
    heicFullMs: heicFull.ms,
    heicIndexMs: heicIndex.ms,
    rawPreviewMs: rawPreview.ms,
    librawMs: libraw.ms,
    heicCosine: cosine(heicEmbedded, heicFullVector),
    rawCosine: cosine(rawEmbedded, rawFullVector),
    fullVector: heicFullVector,
  };
}

/** Photos/s through the real indexer (1 worker), one folder of one format at a time. */
async function endToEnd(folder: string, count: number, modelFolder: string): Promise<number> {
  const subset = await mkdtemp(join(tmpdir(), 'lumen-bench-formats-set-'));
  const library = await mkdtemp(join(tmpdir(), 'lumen-bench-formats-lib-'));
  try {
    const names = (await readdir(folder)).sort();
    for (let i = 0; i < count; i++) {
      const name = names[i % names.length] as string;
      // Copies under new names, byte-changed at the end so no two share a content hash.
      const bytes = await readFile(join(folder, name));
      await writeFile(join(subset, `${i}-${name}`), Buffer.concat([bytes, Buffer.from(`lumen-bench-${i}`)]));
    }
    const services = await LumenServices.open({ libraryDir: library, modelFolder, indexWorkers: 1 });
    try {
      await services.indexPool.warm();
      const started = performance.now();
      const summary = await services.indexer.indexFolders([subset]);
      if (summary.indexed !== count) throw new Error(`indexed ${summary.indexed} of ${count} in ${folder} (${summary.failed} failed)`);
      return count / ((performance.now() - started) / 1000);
    } finally {
      await services.dispose();
    }
  } finally {
    await rm(subset, { recursive: true, force: true });
    await rm(library, { recursive: true, force: true });
  }
}

export async function runFormatsBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { photos: { type: 'string', default: '10' }, 'e2e-photos': { type: 'string', default: '10' }, model: { type: 'string', default: 'vit-b32' } },
  });
  const dcrawEmu = findDcrawEmu();
  if (!dcrawEmu) throw new Error('dcraw_emu not found: apt install libraw-bin');
  const modelFolder =
    values.model === 'demo'
      ? bundledModelFolder()
      : await ensureVitB32Folder(join(import.meta.dirname, '../.scratch/bench-index/vit-b32'), bundledModelFolder());
  const photos = await ensurePhotos(Number(values.photos));
  const input = await specModelInput(modelFolder);
  const model = await ImageTextModel.load(modelFolder, { intraOpNumThreads: 2 });
  const results: PerPhoto[] = [];
  try {
    for (const photo of photos) {
      log(`decoding ${photo.name}…`);
      results.push(await measurePhoto(photo, input, model, dcrawEmu));
    }
  } finally {
    await model.dispose();
  }
  const between: number[] = [];
  for (let i = 0; i < results.length; i++) {
    for (let j = i + 1; j < results.length; j++) between.push(cosine((results[i] as PerPhoto).fullVector, (results[j] as PerPhoto).fullVector));
  }
  const e2eCount = Number(values['e2e-photos']);
  const rates: Record<string, number> = {};
  for (const format of ['jpeg', 'heic', 'dng'] as const) {
    log(`end to end, ${e2eCount} × ${format}…`);
    rates[format] = await endToEnd(join(SCRATCH, format), e2eCount, modelFolder);
  }
  const pick = (key: keyof Omit<PerPhoto, 'fullVector'>): number[] => results.map((r) => r[key]);
  const lines = [
    `Formats benchmark, ${results.length} corpus photos at 12 MP (4032×3024) as JPEG (q90), HEIC (heif-enc q50, 320×240 thumbnail) and DNG (${SENSOR.width}×${SENSOR.height} mosaic, ${PREVIEW.width}×${PREVIEW.height} preview), ` +
      `model ${values.model === 'demo' ? 'shapes-lit (demo)' : 'ViT-B/32 vision tower, random weights'}, one run (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}):`,
    '',
    '| path | ms per photo (mean) | notes |',
    '| --- | --- | --- |',
    `| JPEG, index decode | ${mean(pick('jpegMs')).toFixed(0)} | DCT-scaled, for comparison |`,
    `| JPEG, format check alone | ${mean(pick('jpegCheckMs')).toFixed(3)} | what the other formats add to the JPEG path (openOtherFormat → null) |`,
    `| HEIC, full primary decode (libheif WebAssembly) | ${mean(pick('heicFullMs')).toFixed(0)} | 12-MP to RGB, one thread |`,
    `| HEIC, index decode | ${mean(pick('heicIndexMs')).toFixed(0)} | embedded 320×240 thumbnail (at least the decode target) + EXIF |`,
    `| DNG, index decode | ${mean(pick('rawPreviewMs')).toFixed(0)} | exiftool finds and extracts the preview, JPEG decode |`,
    `| DNG, LibRaw develop | ${mean(pick('librawMs')).toFixed(0)} | dcraw_emu, full size, camera WB, sRGB |`,
    '',
    '| vectors (cosine) | min | mean | max |',
    '| --- | --- | --- | --- |',
    `| HEIC thumbnail vs full decode, same photo | ${Math.min(...pick('heicCosine')).toFixed(4)} | ${mean(pick('heicCosine')).toFixed(4)} | ${Math.max(...pick('heicCosine')).toFixed(4)} |`,
    `| DNG preview vs LibRaw develop, same photo | ${Math.min(...pick('rawCosine')).toFixed(4)} | ${mean(pick('rawCosine')).toFixed(4)} | ${Math.max(...pick('rawCosine')).toFixed(4)} |`,
    `| different photos (full HEIC decodes), for scale | ${Math.min(...between).toFixed(4)} | ${mean(between).toFixed(4)} | ${Math.max(...between).toFixed(4)} |`,
    '',
    '| end to end, 1 worker | photos/s |',
    '| --- | --- |',
    ...Object.entries(rates).map(([format, rate]) => `| ${format} (${e2eCount} photos) | ${rate.toFixed(2)} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
