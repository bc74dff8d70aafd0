/**
 * The library views' services on a real library database and real files: near-identical photos
 * grouped across the library (same bytes, or vectors almost the same) with the copy to keep first;
 * moving the others out of the library as one batch that undo puts back; the folder tree with its
 * counts; the grid listing narrowed to a subfolder, a place or an area of the map; the map's spots.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderTree } from '../../../src-main/node/api/folder-tree';
import { PhotoBrowser } from '../../../src-main/node/api/photo-browser';
import { FileJournal } from '../../../src-main/node/classify/file-journal';
import { FileMover } from '../../../src-main/node/classify/file-mover';
import { UndoService } from '../../../src-main/node/classify/undo-service';
import { DuplicatesService } from '../../../src-main/node/duplicates/duplicates-service';
import { EmbeddingRepository } from '../../../src-main/node/library/embedding-repository';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoRepository, type PhotoInput } from '../../../src-main/node/library/photo-repository';
import { openVectorIndex } from '../../../src-main/node/library/vector/open-vector-index';
import type { VectorIndex } from '../../../src-main/node/library/vector/vector-index';
import { photoSpots } from '../../../src-main/node/places/photo-spots';
import { LUMEN_RESULTS } from '../../../src-common/contract-results';
import * as v from 'valibot';
import { makeTempDir, photoInput } from '../library/library-fixtures';

let cleanup: () => void;
let db: LibraryDb;
let photos: PhotoRepository;
let index: VectorIndex;
let service: DuplicatesService;
let browser: PhotoBrowser;
let undo: UndoService;
let root: string;
let outside: string;
const ids = new Map<string, number>();

/** A 4-d vector pointing mostly along `axis`, nudged by `nudge` along the next axis. */
function vector(axis: number, nudge = 0): Float32Array {
  const values = new Float32Array(4);
  values[axis] = 1;
  values[(axis + 1) % 4] = nudge;
  return values;
}

beforeAll(() => {
  const temp = makeTempDir();
  cleanup = temp.cleanup;
  root = join(temp.dir, 'Photos');
  outside = join(temp.dir, 'Set aside');
  db = LibraryDb.open(join(temp.dir, 'library'));
  photos = new PhotoRepository(db);
  const embeddings = new EmbeddingRepository(db);
  const towerRowId = embeddings.ensureImageTower('tower-hash', 'test-model', 4);
  index = openVectorIndex(db, 'vec', towerRowId, 4);
  const rootId = photos.upsertRoot(root);
  const add = (relative: string, axis: number, overrides: Partial<PhotoInput> & { nudge?: number } = {}): void => {
    const path = join(root, relative);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, `bytes of ${relative}`);
    const { nudge, ...fields } = overrides;
    const id = photos.upsertPhoto(photoInput(rootId, path, fields));
    embeddings.putEmbedding(id, towerRowId, vector(axis, nudge));
    index.upsert([{ photoId: id, vector: vector(axis, nudge) }]);
    ids.set(relative, id);
  };
  // The beach three times: the large original, a smaller re-encoded copy, and the same bytes again.
  add('2024/beach.jpg', 0, { width: 4000, height: 3000, takenAt: '2024-07-14T10:00:00', contentHash: 'beach' });
  add('2024/Small/beach-small.jpg', 0, { width: 1000, height: 750, takenAt: '2024-07-14T10:00:00', nudge: 0.05 });
  add('Backup/beach.jpg', 0, { width: 4000, height: 3000, takenAt: '2024-07-15T10:00:00', contentHash: 'beach' });
  // The same bytes again in the same library folder: the grid folds it under the first as a copy.
  add('2024/beach (copy).jpg', 0, { width: 4000, height: 3000, takenAt: '2024-07-14T10:00:00', contentHash: 'beach' });
  db.prepare<[number, number]>("INSERT INTO photo_parts (part_id, lead_id, kind) VALUES (?, ?, 'copy')").run(
    ids.get('2024/beach (copy).jpg') ?? 0,
    ids.get('2024/beach.jpg') ?? 0,
  );
  // The same size twice: the older one is kept.
  add('2023/cat-new.jpg', 1, { width: 800, height: 600, takenAt: '2023-05-02T10:00:00', nudge: 0.02 });
  add('2023/cat-old.jpg', 1, { width: 800, height: 600, takenAt: '2023-05-01T10:00:00' });
  // Different pictures stay alone.
  add('2023/dog.jpg', 2, {
    latitude: 38.7223,
    longitude: -9.1393,
    placeCity: 'Lisbon',
    placeCountry: 'Portugal',
    placeCountryCode: 'PT',
  });
  add('2023/tram.jpg', 3, { latitude: 38.72231, longitude: -9.13932, placeCity: 'Lisbon', placeCountry: 'Portugal', placeCountryCode: 'PT' });
  add('tokyo.jpg', 3, { latitude: 35.6895, longitude: 139.6917, placeCity: 'Tokyo', placeCountry: 'Japan', placeCountryCode: 'JP', nudge: 0.9 });
  const journal = new FileJournal(db);
  service = new DuplicatesService({ db, photos, embeddings, towerRowId, mover: new FileMover(journal), indexes: () => [index] });
  browser = new PhotoBrowser(db, photos, index);
  undo = new UndoService(journal);
});

afterAll(() => {
  db.close();
  cleanup();
});

const names = (list: ReadonlyArray<{ path: string }>): string[] => list.map((p) => p.path.slice(root.length + 1));

describe('duplicate groups', () => {
  it('groups the same bytes (exact copies folded in the grid too) and near-identical vectors across folders, the largest and then oldest copy first', async () => {
    const groups = await service.groups();
    expect(v.safeParse(LUMEN_RESULTS.listDuplicates, groups).success).toBe(true);
    expect(groups.map((group) => ({ kind: group.kind, photos: names(group.photos) }))).toEqual([
      { kind: 'similar', photos: ['2024/beach.jpg', '2024/beach (copy).jpg', 'Backup/beach.jpg', '2024/Small/beach-small.jpg'] },
      { kind: 'similar', photos: ['2023/cat-old.jpg', '2023/cat-new.jpg'] },
    ]);
    expect(groups[0]?.photos[0]).toMatchObject({ folder: join(root, '2024'), width: 4000, height: 3000, size: 1234 });
  });
});

describe('moving duplicates out of the library', () => {
  it('refuses a folder inside the library, since the photos would be found there again', async () => {
    await expect(service.move({ photos: [ids.get('Backup/beach.jpg') ?? 0], folder: join(root, 'Dupes') })).rejects.toMatchObject({
      code: 'inside-library-folder',
    });
    expect(existsSync(join(root, 'Backup/beach.jpg'))).toBe(true);
  });

  it('moves the files as one batch, says what happened to each, takes them out of the library, and undo puts the files back', async () => {
    const backup = ids.get('Backup/beach.jpg') ?? 0;
    const small = ids.get('2024/Small/beach-small.jpg') ?? 0;
    const answer = await service.move({ photos: [backup, small], folder: outside });
    expect(v.safeParse(LUMEN_RESULTS.moveDuplicates, answer).success).toBe(true);
    expect(answer.failed).toEqual([]);
    expect(answer.moved.map((m) => m.to).sort()).toEqual([join(outside, 'beach-small.jpg'), join(outside, 'beach.jpg')]);
    expect(existsSync(join(root, 'Backup/beach.jpg'))).toBe(false);
    expect(existsSync(join(outside, 'beach.jpg'))).toBe(true);
    expect(photos.getPhotos([backup, small])).toEqual([]);
    expect(index.search(vector(0), 10).map((hit) => hit.photoId)).not.toContain(backup);
    expect((await service.groups()).map((group) => names(group.photos))).toEqual([
      ['2024/beach.jpg', '2024/beach (copy).jpg'],
      ['2023/cat-old.jpg', '2023/cat-new.jpg'],
    ]);

    const undone = await undo.undoLast();
    expect(undone.batchId).toBe(answer.batchId);
    expect(existsSync(join(root, 'Backup/beach.jpg'))).toBe(true);
    expect(existsSync(join(root, '2024/Small/beach-small.jpg'))).toBe(true);
  });

  it('reports a file that is gone and moves the rest', async () => {
    const cat = ids.get('2023/cat-new.jpg') ?? 0;
    const tram = ids.get('2023/tram.jpg') ?? 0;
    rmSync(join(root, '2023/tram.jpg'));
    const answer = await service.move({ photos: [cat, tram], folder: outside });
    expect(answer.moved.map((m) => m.photoId)).toEqual([cat]);
    expect(answer.failed).toEqual([{ photoId: tram, path: join(root, '2023/tram.jpg'), reason: expect.any(String) }]);
    expect(photos.getPhotos([tram])).toHaveLength(1);
    await undo.undoLast();
  });
});

describe('the folder tree', () => {
  it('lists each library folder with its subfolders and the photos below each', () => {
    const [top] = folderTree(db, photos);
    const tree = (node: NonNullable<typeof top>): unknown => ({ name: node.name, photos: node.photos, children: node.children.map(tree) });
    expect(v.safeParse(LUMEN_RESULTS.listFolderTree, folderTree(db, photos)).success).toBe(true);
    // The photos moved out above are no longer in the library (their files are back, for the next look through the folder).
    expect(tree(top as NonNullable<typeof top>)).toEqual({
      name: root,
      photos: 5,
      children: [
        { name: '2023', photos: 3, children: [] },
        { name: '2024', photos: 1, children: [] },
      ],
    });
  });
});

describe('the grid narrowed from the tree and the map', () => {
  const listed = (request: Parameters<PhotoBrowser['page']>[0] extends infer R ? Omit<R, 'offset' | 'limit'> : never): string[] =>
    names(browser.page({ offset: 0, limit: 100, sort: 'name', ...request }).photos);

  it('lists a subfolder with everything below it, and refuses a folder outside the library', () => {
    expect(listed({ folder: join(root, '2023') })).toEqual(['2023/cat-old.jpg', '2023/dog.jpg', '2023/tram.jpg']);
    expect(listed({ folder: root })).toHaveLength(5);
    expect(browser.days({ folder: join(root, '2024') })).toEqual([{ day: '2024-07-14', count: 1 }]);
    expect(() => browser.page({ offset: 0, limit: 10, folder: outside })).toThrow(/not a folder of this library/);
  });

  it('lists the photos of a place by town or country, and of an area of the map (across the date line too)', () => {
    expect(listed({ place: 'lisbon' })).toEqual(['2023/dog.jpg', '2023/tram.jpg']);
    expect(listed({ place: 'Japan' })).toEqual(['tokyo.jpg']);
    expect(listed({ area: { south: 38, west: -10, north: 39, east: -9 } })).toEqual(['2023/dog.jpg', '2023/tram.jpg']);
    expect(listed({ area: { south: 30, west: 130, north: 40, east: -170 } })).toEqual(['tokyo.jpg']);
    expect(listed({ area: { south: 30, west: 130, north: 40, east: -170 }, folder: join(root, '2023') })).toEqual([]);
  });

  it('gives the map one spot per place (positions within about 100 m together) with its photos', () => {
    const spots = photoSpots(db);
    expect(v.safeParse(LUMEN_RESULTS.listPhotoSpots, spots).success).toBe(true);
    expect(spots).toEqual([
      { latitude: 38.722, longitude: -9.139, photos: 2 },
      { latitude: 35.69, longitude: 139.692, photos: 1 },
    ]);
  });
});
