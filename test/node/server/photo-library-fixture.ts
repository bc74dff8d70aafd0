/**
 * A real library in a temporary folder for the media tests: originals under `photos/`, the library
 * under `library/`, opened before the file's tests and removed after them; photos recorded as the
 * indexer would, and the LibraryFiles that serve them.
 */
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { LibraryFiles } from '../../../src-main/node/api/library-files';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoRepository } from '../../../src-main/node/library/photo-repository';
import { writePreviewCopy } from '../../../src-main/node/photos/preview-copy';

export interface PhotoLibraryFixture {
  /** The temporary folder, holding `photos/` and `library/`. */
  readonly base: string;
  /** The library folder (`<base>/library`). */
  readonly libraryDir: string;
  readonly photos: PhotoRepository;
  /** Records a file as the indexer would (no dimensions, date or camera); its content hash changes with its size and time. */
  addPhoto(path: string, format: string, thumbnail?: string | null): Promise<number>;
  /** The library's files with the app's preview maker and default bounds. */
  libraryFiles(): LibraryFiles;
}

/** Opens a fresh library (folder name starting with `prefix`) for the tests of the calling file. */
export function usePhotoLibrary(prefix: string): PhotoLibraryFixture {
  let base = '';
  let db: LibraryDb | undefined;
  let photos: PhotoRepository | undefined;
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), prefix));
    await mkdir(join(base, 'photos'));
    db = LibraryDb.open(join(base, 'library'));
    photos = new PhotoRepository(db);
  });
  afterAll(async () => {
    db?.close();
    if (base) await rm(base, { recursive: true, force: true });
  });
  const repository = (): PhotoRepository => {
    if (!photos) throw new Error('the photo library is opened before the tests run');
    return photos;
  };
  return {
    get base() {
      return base;
    },
    get libraryDir() {
      return join(base, 'library');
    },
    get photos() {
      return repository();
    },
    async addPhoto(path, format, thumbnail = null) {
      const info = await stat(path);
      const rootId = repository().upsertRoot(join(base, 'photos'));
      return repository().upsertPhoto({
        rootId,
        path,
        size: info.size,
        mtimeMs: Math.trunc(info.mtimeMs),
        contentHash: `hash-${path}-${info.size}-${info.mtimeMs}`,
        width: null,
        height: null,
        format,
        takenAt: null,
        cameraMake: null,
        cameraModel: null,
        thumbnail,
      });
    },
    libraryFiles() {
      return new LibraryFiles(join(base, 'library'), repository(), writePreviewCopy);
    },
  };
}
