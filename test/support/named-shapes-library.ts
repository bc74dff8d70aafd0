/**
 * A shapes library named the way people's folders are: for every colour × shape pair, some photos
 * named after what they show (`brown-circle-0.jpg`) and some with camera names (`IMG_1000.jpg`),
 * so a search can be fooled by file names. The first camera-named photo is a red circle.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { COLORS, SHAPES, renderShapePhoto, type Color, type Shape } from './independent-shapes-renderer';

export interface NamedShapePhoto {
  /** Absolute path. */
  file: string;
  color: Color;
  shape: Shape;
  /** True for a camera-style name that says nothing of the content. */
  cameraName: boolean;
}

export interface NamedShapesOptions {
  /** Photos per pair named after their content. */
  contentNamed: number;
  /** Photos per pair with camera names. */
  cameraNamed: number;
  seed: number;
}

/** Writes the photos (JPEG) into dir and returns them; camera numbers start at IMG_1000, red circles first. */
export async function renderNamedShapesLibrary(dir: string, options: NamedShapesOptions): Promise<NamedShapePhoto[]> {
  const folder = resolve(dir);
  await mkdir(folder, { recursive: true });
  const photos: NamedShapePhoto[] = [];
  let cameraNumber = 1000;
  const pairs = COLORS.flatMap((color) => SHAPES.map((shape) => ({ color, shape })));
  // Red circles first, so IMG_1000.jpg is one.
  pairs.sort((a, b) => Number(b.color === 'red' && b.shape === 'circle') - Number(a.color === 'red' && a.shape === 'circle'));
  for (const { color, shape } of pairs) {
    for (let k = 0; k < options.contentNamed + options.cameraNamed; k++) {
      const cameraName = k >= options.contentNamed;
      const name = cameraName ? `IMG_${cameraNumber++}.jpg` : `${color}-${shape}-${k}.jpg`;
      const photo = await renderShapePhoto({ color, shape, seed: options.seed * 31 + k, format: 'jpg' });
      const file = join(folder, name);
      await writeFile(file, photo.data);
      photos.push({ file, color, shape, cameraName });
    }
  }
  return photos;
}
