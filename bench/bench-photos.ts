/**
 * The benchmark's photo set: 12-MP (4000×3000) JPEGs with camera EXIF, each with different content
 * (so none is a duplicate of another), smooth like real photos rather than pure noise (so file
 * sizes, 2–4 MB, are like a camera's). Written once per size and reused by later runs.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { seededRandom } from '../src-common/seeded-random';

const WIDTH = 4000;
const HEIGHT = 3000;

/** Smooth colour fields plus sensor-like grain, which gives camera-like JPEG sizes. */
async function smoothBackground(random: () => number): Promise<Buffer> {
  const small = Buffer.from(Array.from({ length: 80 * 60 * 3 }, () => Math.floor(random() * 256)));
  const pixels = await sharp(small, { raw: { width: 80, height: 60, channels: 3 } })
    .resize(WIDTH, HEIGHT, { kernel: 'cubic' })
    .raw()
    .toBuffer();
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.max(0, Math.min(255, (pixels[i] as number) + Math.floor(random() * 13) - 6));
  return pixels;
}

function shapesSvg(random: () => number): Buffer {
  const shapes = Array.from({ length: 12 }, () => {
    const colour = `rgb(${Math.floor(random() * 256)},${Math.floor(random() * 256)},${Math.floor(random() * 256)})`;
    const x = Math.floor(random() * WIDTH);
    const y = Math.floor(random() * HEIGHT);
    const r = 100 + Math.floor(random() * 600);
    return random() < 0.5
      ? `<circle cx="${x}" cy="${y}" r="${r}" fill="${colour}" opacity="0.8"/>`
      : `<rect x="${x - r}" y="${y - r}" width="${r * 1.5}" height="${r}" fill="${colour}" opacity="0.8"/>`;
  });
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">${shapes.join('')}</svg>`);
}

async function writePhoto(path: string, index: number, background: Buffer): Promise<void> {
  const random = seededRandom(1000 + index);
  const day = String(1 + (index % 28)).padStart(2, '0');
  await sharp(background, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .composite([{ input: shapesSvg(random) }])
    .jpeg({ quality: 88 })
    .withExif({
      IFD0: { Make: 'Lumen', Model: 'Bench Camera 12MP', Orientation: '1' },
      IFD2: { DateTimeOriginal: `2025:06:${day} 12:${String(index % 60).padStart(2, '0')}:00` },
    })
    .toFile(`${path}.part`);
  await rename(`${path}.part`, path);
}

/** Folder with `count` benchmark photos, generating only the ones missing. */
export async function ensureBenchPhotos(folder: string, count: number, log: (line: string) => void): Promise<string> {
  await mkdir(folder, { recursive: true });
  const present = new Set((await readdir(folder)).filter((name) => name.endsWith('.jpg')));
  const missing = Array.from({ length: count }, (_, i) => `bench-${String(i).padStart(5, '0')}.jpg`).filter((name) => !present.has(name));
  if (missing.length === 0) return folder;
  log(`generating ${missing.length} 12-MP JPEGs in ${folder} (once)`);
  // Backgrounds are the slow part; eight are shared round-robin, the shapes on top make each photo unique.
  const backgrounds = await Promise.all(Array.from({ length: 8 }, (_, i) => smoothBackground(seededRandom(i + 1))));
  for (const name of missing) {
    const index = Number(name.slice(6, 11));
    await writePhoto(join(folder, name), index, backgrounds[index % backgrounds.length] as Buffer);
  }
  if (!existsSync(join(folder, missing[0] as string))) throw new Error('photo generation failed');
  return folder;
}
