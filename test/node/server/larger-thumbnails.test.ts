/**
 * Thumbnails larger than the indexer's 320 px for big grid cells and 2× displays: a real JPEG in a real
 * library is served at 640 and 1280 px on its long side (upright, never enlarged), as WebP made once
 * and reused, each size bounded on disk; a video, or an original that is gone, gets the 320 px
 * thumbnail; and `lumen serve` answers them on /media/thumbnail-640/<id>.
 */
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryFiles, LARGER_THUMBNAILS } from '../../../src-main/node/api/library-files';
import { startLumenServer, type RunningServer } from '../../../src-main/node/server/lumen-server';
import type { ApiDispatcher } from '../../../src-main/node/api/api-handlers';
import { writePreviewCopy } from '../../../src-main/node/photos/preview-copy';
import { usePhotoLibrary } from './photo-library-fixture';

const library = usePhotoLibrary('lumen-larger-thumbnails-');

/** A `width`×`height` JPEG, and the indexer's 320 px WebP thumbnail of it under the library. */
async function photoWithThumbnail(name: string, width: number, height: number): Promise<number> {
  const original = join(library.base, 'photos', name);
  await sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
    .jpeg()
    .toFile(original);
  const thumbnail = `thumbnails/${name}.webp`;
  await mkdir(join(library.base, 'library', 'thumbnails'), { recursive: true });
  await sharp(original)
    .resize(320, 320, { fit: 'inside' })
    .webp()
    .toFile(join(library.base, 'library', thumbnail));
  return library.addPhoto(original, 'jpeg', thumbnail);
}

describe('larger thumbnails', () => {
  it('are WebP fitted inside 640 and 1280 px, made once and then reused', async () => {
    const id = await photoWithThumbnail('wide.jpg', 3000, 2000);
    const files = library.libraryFiles();
    for (const [kind, longSide] of Object.entries(LARGER_THUMBNAILS) as Array<[keyof typeof LARGER_THUMBNAILS, number]>) {
      const path = await files.resolve(kind, id);
      expect(path.startsWith(join(library.base, 'library', 'thumbnails-large', String(longSide)))).toBe(true);
      const meta = await sharp(path).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', longSide, Math.round((2000 * longSide) / 3000)]);
      const made = await stat(path);
      expect(await files.resolve(kind, id)).toBe(path);
      expect((await stat(path)).ino).toBe(made.ino);
    }
  });

  it('never enlarge a small original', async () => {
    const id = await photoWithThumbnail('small.jpg', 500, 400);
    const files = library.libraryFiles();
    const meta = await sharp(await files.resolve('thumbnail-1280', id)).metadata();
    expect([meta.width, meta.height]).toEqual([500, 400]);
  });

  it('fall back to the indexer thumbnail for a video and for an original that is gone', async () => {
    const video = join(library.base, 'photos', 'clip.mp4');
    await writeFile(video, Buffer.from('not really a video'));
    await mkdir(join(library.base, 'library', 'thumbnails'), { recursive: true });
    await sharp({ create: { width: 320, height: 180, channels: 3, background: '#000000' } })
      .webp()
      .toFile(join(library.base, 'library', 'thumbnails', 'clip.webp'));
    const videoId = await library.addPhoto(video, 'mp4', 'thumbnails/clip.webp');
    const files = library.libraryFiles();
    expect(await files.resolve('thumbnail-640', videoId)).toBe(await files.resolve('thumbnail', videoId));

    const goneId = await photoWithThumbnail('gone.jpg', 2000, 2000);
    await rm(join(library.base, 'photos', 'gone.jpg'));
    expect(await files.resolve('thumbnail-1280', goneId)).toBe(await files.resolve('thumbnail', goneId));
  });

  it('keep each size within its bound, the least recently shown going first', async () => {
    const ids = [await photoWithThumbnail('a.jpg', 2400, 1600), await photoWithThumbnail('b.jpg', 2400, 1600), await photoWithThumbnail('c.jpg', 2400, 1600)];
    const bounded = join(library.base, 'bounded-library');
    await mkdir(join(bounded, 'thumbnails'), { recursive: true });
    const files = new LibraryFiles(library.libraryDir, library.photos, writePreviewCopy, undefined, 1);
    const folder = join(library.base, 'library', 'thumbnails-large', '640');
    await rm(folder, { recursive: true, force: true });
    for (const id of ids) await files.resolve('thumbnail-640', id);
    // A bound below one file keeps only the one just made.
    expect(await readdir(folder)).toEqual([
      `${ids[2]}-${(await stat(join(library.base, 'photos', 'c.jpg'))).size}-${Math.trunc((await stat(join(library.base, 'photos', 'c.jpg'))).mtimeMs)}.webp`,
    ]);
  });
});

describe('lumen serve', () => {
  let server: RunningServer;

  beforeAll(async () => {
    const refuse: ApiDispatcher = (() => Promise.resolve({ ok: false, error: { code: 'unused', message: 'unused' } })) as unknown as ApiDispatcher;
    server = await startLumenServer({
      dispatch: refuse,
      files: () => Promise.resolve(library.libraryFiles()),
      rendererDir: library.base,
      port: 0,
    });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('answers /media/thumbnail-640/<id> and /media/thumbnail-1280/<id> with the larger WebP, and refuses unknown sizes', async () => {
    const id = await photoWithThumbnail('served.jpg', 2000, 1000);
    const headers = { Authorization: `Bearer ${server.token}` };
    for (const [kind, longSide] of [
      ['thumbnail-640', 640],
      ['thumbnail-1280', 1280],
    ] as const) {
      const response = await fetch(`${server.origin}/media/${kind}/${id}`, { headers });
      expect(response.status).toBe(200);
      const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      expect([meta.format, meta.width]).toEqual(['webp', longSide]);
    }
    expect((await fetch(`${server.origin}/media/thumbnail-999/${id}`, { headers })).status).toBe(404);
  });
});
