/**
 * Short videos made at test time with the ffmpeg setup installs (scripts/setup.sh): scenes are
 * shapes-world photos from the independent renderer, held for a few seconds each and encoded, so
 * the demo model can tell one scene from the other.
 */
import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderShapePhoto, type Color, type Shape } from './independent-shapes-renderer';

const run = promisify(execFile);

export interface Scene {
  color: Color;
  shape: Shape;
  seconds: number;
}

export interface VideoOptions {
  /** Container metadata: `creation_time`, `location` (ISO 6709)… */
  metadata?: Record<string, string>;
  /** Display rotation recorded in the container (clockwise degrees), as phones held upright write it. */
  rotate?: number;
}

/** Encodes the scenes one after the other into `name` (its extension picks the container); returns its path. */
export async function writeSceneVideo(dir: string, name: string, scenes: readonly Scene[], options: VideoOptions = {}): Promise<string> {
  const inputs: string[] = [];
  const stills: string[] = [];
  for (const [i, scene] of scenes.entries()) {
    const photo = await renderShapePhoto({ color: scene.color, shape: scene.shape, seed: 9000 + i });
    const still = join(dir, `.scene-${name}-${i}.${photo.extension}`);
    await writeFile(still, photo.data);
    stills.push(still);
    inputs.push('-loop', '1', '-framerate', '10', '-t', String(scene.seconds), '-i', still);
  }
  const chain = scenes.map((_, i) => `[${i}:v]scale=240:180,setsar=1,format=yuv420p[s${i}]`).join(';');
  const concat = `${scenes.map((_, i) => `[s${i}]`).join('')}concat=n=${scenes.length}:v=1[out]`;
  const metadata = Object.entries(options.metadata ?? {}).flatMap(([key, value]) => ['-metadata', `${key}=${value}`]);
  const path = join(dir, name);
  // ffmpeg 5 records a rotation only when it copies a stream, not when it encodes one: encode first, then remux.
  const encoded = options.rotate === undefined ? path : join(dir, `.encoded-${name}`);
  const codec = name.endsWith('.webm') ? ['-c:v', 'libvpx-vp9', '-b:v', '100k'] : ['-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '30'];
  await run('ffmpeg', [
    '-v',
    'error',
    '-y',
    ...inputs,
    '-filter_complex',
    `${chain};${concat}`,
    '-map',
    '[out]',
    ...codec,
    ...metadata,
    '-movflags',
    '+use_metadata_tags',
    encoded,
  ]);
  if (options.rotate !== undefined) {
    await run('ffmpeg', ['-v', 'error', '-y', '-i', encoded, '-c', 'copy', '-metadata:s:v:0', `rotate=${options.rotate}`, path]);
    await rm(encoded);
  }
  for (const still of stills) await rm(still);
  return path;
}
