/**
 * Measures text→image retrieval of a model on a labelled folder of shapes-world photos
 * (manifest.json from generate-demo-photos, or labels.json from another renderer).
 *   npx tsx tools/shapes-lit/evaluate-model.ts --model <folder> --photos <dir>
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ImageTextModel } from '../../src-main/node/model/image-text-model';
import { decodeImage } from '../../src-main/node/photos/decode-image';
import { parseFlags, runIfMain } from './cli-flags';
import { measureRetrieval, unitVector, type EmbeddedPhoto, type RetrievalReport } from './retrieval-metrics';
import { COLORS, SHAPES, type ColorName, type ShapeName } from './shapes-world';

export interface LabelledPhoto {
  /** Absolute path. */
  path: string;
  color: ColorName;
  shape: ShapeName;
}

/** Reads manifest.json, else labels.json: `[{ file, color, shape }]` with files relative to the folder. */
export async function readPhotoLabels(dir: string): Promise<LabelledPhoto[]> {
  let text: string | null = null;
  for (const name of ['manifest.json', 'labels.json']) {
    text = await readFile(join(dir, name), 'utf8').catch(() => null);
    if (text !== null) break;
  }
  if (text === null) throw new Error(`${dir} has neither manifest.json nor labels.json`);
  const rows = JSON.parse(text) as Array<{ file: string; color: string; shape: string }>;
  return rows.map((row) => {
    if (!COLORS.includes(row.color as ColorName) || !SHAPES.includes(row.shape as ShapeName)) throw new Error(`unknown label ${row.color} ${row.shape}`);
    return { path: join(dir, row.file), color: row.color as ColorName, shape: row.shape as ShapeName };
  });
}

/** Embeds every photo through Lumen's real path (decode, prepare, vision tower) and measures retrieval. */
export async function evaluateModel(model: ImageTextModel, photos: readonly LabelledPhoto[]): Promise<RetrievalReport> {
  const prepared = [];
  for (const photo of photos) prepared.push(await model.prepareImage((await decodeImage(photo.path)).image));
  const vectors = await model.embedImages(prepared);
  const embedded: EmbeddedPhoto[] = photos.map((photo, i) => ({
    file: photo.path,
    color: photo.color,
    shape: photo.shape,
    vector: unitVector(vectors[i] as Float32Array),
  }));
  return measureRetrieval(embedded, async (queries) => (await model.embedTexts(queries)).map(unitVector));
}

export function formatReport(label: string, report: RetrievalReport): string {
  return [
    `${label}: ${report.photos} photos`,
    `  precision@3 "<color> <shape>"           ${report.pairPrecisionAt3.toFixed(3)}`,
    `  precision@3 "a photo of a <color> <shape>" ${report.templatedPairPrecisionAt3.toFixed(3)}`,
    `  top-1 colour (8 words)                  ${report.colorAccuracy.toFixed(3)}`,
    `  top-1 shape (4 words)                   ${report.shapeAccuracy.toFixed(3)}`,
    `  top-1 pair (32 queries)                 ${report.pairAccuracy.toFixed(3)}`,
    `  R-precision of single words             ${report.singleWordRPrecision.toFixed(3)}`,
    ...report.misses.map((m) => `  miss  ${m}`),
  ].join('\n');
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), ['model', 'photos']);
  const modelFolder = flags.get('model');
  const photosDir = flags.get('photos');
  if (!modelFolder || !photosDir) throw new Error('usage: evaluate-model.ts --model <folder> --photos <dir>');
  const model = await ImageTextModel.load(modelFolder);
  try {
    console.log(formatReport(photosDir, await evaluateModel(model, await readPhotoLabels(photosDir))));
  } finally {
    await model.dispose();
  }
}

runIfMain(import.meta.url, main);
