import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { planPhoto, WORLD_RANGES } from './photo-plan';
import { Prng } from './prng';
import { renderPhoto } from './render-photo';
import { COLORS, SHAPES, type ColorName, type ShapeName } from './shapes-world';

/** One line of manifest.json: the file (relative to the folder) and what it shows. */
export interface DemoPhotoEntry {
  file: string;
  color: ColorName;
  shape: ShapeName;
  width: number;
  height: number;
}

export const MANIFEST_FILE = 'manifest.json';

/**
 * Writes `count` photos of the shapes world (pairs cycled evenly, then shuffled so names do not
 * give labels away) plus manifest.json. Same seed, same files.
 */
export async function writeDemoPhotos(dir: string, options: { count: number; seed: number }): Promise<DemoPhotoEntry[]> {
  if (!Number.isInteger(options.count) || options.count < 1) throw new Error('count must be a positive integer');
  const folder = resolve(dir);
  await mkdir(folder, { recursive: true });
  const pairs = COLORS.flatMap((color) => SHAPES.map((shape) => ({ color, shape })));
  const jobs = Array.from({ length: options.count }, (_, i) => pairs[i % pairs.length] as { color: ColorName; shape: ShapeName });
  Prng.derive(options.seed, 'demo-order').shuffle(jobs);
  const digits = Math.max(4, String(options.count - 1).length);
  const entries: DemoPhotoEntry[] = [];
  for (const [index, job] of jobs.entries()) {
    const plan = planPhoto(Prng.derive(options.seed, `demo-photo-${index}`), job.color, job.shape, WORLD_RANGES);
    const photo = await renderPhoto(plan);
    const file = `img-${String(index).padStart(digits, '0')}.${photo.extension}`;
    await writeFile(join(folder, file), photo.data);
    entries.push({ file, color: job.color, shape: job.shape, width: plan.width, height: plan.height });
  }
  await writeFile(join(folder, MANIFEST_FILE), `${JSON.stringify(entries, null, 2)}\n`);
  return entries;
}
