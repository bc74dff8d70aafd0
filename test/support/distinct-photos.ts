/** Many small, distinct photos, fast: a few milliseconds each, where a shapes-world render costs ~100 ms. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { mulberry32 } from './independent-shapes-renderer';

const WIDTH = 96;
const HEIGHT = 72;

/**
 * Writes `count` JPEGs named `<prefix>-000.jpg` …: each a two-colour gradient with a bright
 * rectangle, all drawn from one seeded generator, so every file has its own content (and its own
 * vector) and a run is reproducible. Returns the paths.
 */
export async function writeDistinctPhotos(dir: string, count: number, seed: number, prefix = 'photo'): Promise<string[]> {
  const random = mulberry32(seed);
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const from = [random() * 255, random() * 255, random() * 255];
    const to = [random() * 255, random() * 255, random() * 255];
    const box = {
      x: Math.floor(random() * WIDTH * 0.6),
      y: Math.floor(random() * HEIGHT * 0.6),
      w: 8 + Math.floor(random() * 30),
      h: 8 + Math.floor(random() * 24),
    };
    const pixels = Buffer.alloc(WIDTH * HEIGHT * 3);
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) {
        const inBox = x >= box.x && x < box.x + box.w && y >= box.y && y < box.y + box.h;
        for (let c = 0; c < 3; c++) {
          const t = (x + y) / (WIDTH + HEIGHT);
          pixels[(y * WIDTH + x) * 3 + c] = inBox ? 255 - ((from[c] ?? 0) >> 1) : Math.round((from[c] ?? 0) * (1 - t) + (to[c] ?? 0) * t);
        }
      }
    }
    const path = join(dir, `${prefix}-${String(i).padStart(3, '0')}.jpg`);
    await writeFile(
      path,
      await sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
        .jpeg({ quality: 90 })
        .toBuffer(),
    );
    paths.push(path);
  }
  return paths;
}
