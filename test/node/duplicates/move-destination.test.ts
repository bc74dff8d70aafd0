/**
 * Where the duplicates view may move the copies a person does not keep: never into a library
 * folder, however the folder is written (a name that starts with two dots, a link that leads into
 * the library), since the photos would be found there again and were never set aside.
 */
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileJournal } from '../../../src-main/node/classify/file-journal';
import { FileMover } from '../../../src-main/node/classify/file-mover';
import { DuplicatesService } from '../../../src-main/node/duplicates/duplicates-service';
import { EmbeddingRepository } from '../../../src-main/node/library/embedding-repository';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoRepository } from '../../../src-main/node/library/photo-repository';
import { makeTempDir, photoInput } from '../library/library-fixtures';

let cleanup: () => void;
let db: LibraryDb;
let service: DuplicatesService;
let base: string;
let root: string;
let photoId: number;

beforeEach(() => {
  const temp = makeTempDir();
  cleanup = temp.cleanup;
  base = temp.dir;
  root = join(base, 'Photos');
  mkdirSync(root, { recursive: true });
  const photo = join(root, 'beach.jpg');
  writeFileSync(photo, 'bytes of the beach');
  db = LibraryDb.open(join(base, 'library'));
  const photos = new PhotoRepository(db);
  const embeddings = new EmbeddingRepository(db);
  const towerRowId = embeddings.ensureImageTower('tower-hash', 'test-model', 4);
  photoId = photos.upsertPhoto(photoInput(photos.upsertRoot(root), photo));
  service = new DuplicatesService({ db, photos, embeddings, towerRowId, mover: new FileMover(new FileJournal(db)), indexes: () => [] });
});

afterEach(() => {
  db.close();
  cleanup();
});

describe('the folder the duplicates are moved to', () => {
  it('is refused when it is a folder of the library whose name starts with two dots', async () => {
    await expect(service.move({ photos: [photoId], folder: join(root, '..Set aside') })).rejects.toMatchObject({ code: 'inside-library-folder' });
    expect(existsSync(join(root, 'beach.jpg'))).toBe(true);
  });

  it('is refused when a link outside the library leads into a library folder', async () => {
    mkdirSync(join(root, 'Dupes'));
    symlinkSync(join(root, 'Dupes'), join(base, 'Dupes link'));
    await expect(service.move({ photos: [photoId], folder: join(base, 'Dupes link', 'new') })).rejects.toMatchObject({ code: 'inside-library-folder' });
    expect(existsSync(join(root, 'beach.jpg'))).toBe(true);
  });

  it('is taken when it lies outside every library folder, even beside one', async () => {
    const answer = await service.move({ photos: [photoId], folder: join(base, 'Photos set aside') });
    expect(answer.moved.map((moved) => moved.to)).toEqual([join(base, 'Photos set aside', 'beach.jpg')]);
  });
});
