/**
 * The duplicates view's services: the groups (library-duplicates.ts), and moving the copies a person
 * does not keep into a folder outside the library, as one journaled batch (file-mover.ts) that Undo
 * puts back; nothing is deleted. Moved photos leave the library at once (rows and vectors); put back,
 * the next look through their folder finds them again.
 */
import { realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { isInside } from '../library/path-inside';
import type { DuplicateGroup, MoveDuplicatesRequest, MoveDuplicatesResponse } from '../../../src-common/contract-library-views';
import { LumenFailure } from '../../../src-common/result';
import { collisionSafeDestination } from '../classify/collision-safe-name';
import type { FileMover } from '../classify/file-mover';
import type { LibraryDb } from '../library/library-db';
import type { PhotoRepository } from '../library/photo-repository';
import type { VectorIndex } from '../library/vector/vector-index';
import { findDuplicateGroups, type LibraryDuplicatesDeps } from './library-duplicates';

export interface DuplicatesServiceDeps extends LibraryDuplicatesDeps {
  db: LibraryDb;
  photos: PhotoRepository;
  mover: FileMover;
  /** Every vector index that may hold the moved photos (the chosen tower's and, while it is made, the serving one's). */
  indexes: () => readonly VectorIndex[];
}

export class DuplicatesService {
  constructor(private readonly deps: DuplicatesServiceDeps) {}

  groups(): Promise<DuplicateGroup[]> {
    return findDuplicateGroups(this.deps);
  }

  async move(request: MoveDuplicatesRequest): Promise<MoveDuplicatesResponse> {
    const folder = resolve(request.folder);
    const realFolder = await realPathOf(folder);
    const roots = this.deps.photos.listRoots();
    let holder: (typeof roots)[number] | undefined;
    for (const root of roots) {
      // Written as given and with every link resolved: a link outside the library may lead into it.
      if (isInside(root.path, folder) || isInside(await realPathOf(root.path), realFolder)) {
        holder = root;
        break;
      }
    }
    if (holder) {
      throw new LumenFailure(
        'inside-library-folder',
        `${folder} is inside the library folder ${holder.path}, so the photos would be found there again: choose a folder outside the library.`,
      );
    }
    const ids = [...new Set(request.photos)];
    const photos = this.deps.photos.getPhotos(ids);
    const missing = ids.find((id) => !photos.some((photo) => photo.id === id));
    if (missing !== undefined) throw new LumenFailure('unknown-photo', `no photo with id ${missing} in this library`);
    const taken = new Set<string>();
    const transfers = photos.map((photo) => ({ photo, source: photo.path, destination: collisionSafeDestination(folder, photo.path, taken) }));
    const description = `Moved ${transfers.length} duplicate photo${transfers.length === 1 ? '' : 's'} to ${folder}`;
    const report = await this.deps.mover.run('move', description, transfers);
    const moved = transfers.filter((transfer) => !report.failed.has(transfer.source));
    this.forget(moved.map((transfer) => transfer.photo.id));
    return {
      batchId: report.batchId,
      moved: moved.map(({ photo, source, destination }) => ({ photoId: photo.id, from: source, to: destination })),
      failed: transfers
        .filter((transfer) => report.failed.has(transfer.source))
        .map(({ photo, source }) => ({ photoId: photo.id, path: source, reason: report.failed.get(source) ?? 'it could not be moved' })),
    };
  }

  /** The moved photos leave the library with their vectors; the files are no longer in its folders. */
  private forget(photoIds: readonly number[]): void {
    if (photoIds.length === 0) return;
    this.deps.db.transaction(() => {
      for (const index of new Set(this.deps.indexes())) index.remove(photoIds);
      for (const id of photoIds) this.deps.photos.deletePhoto(id);
    });
  }
}

/** The path with every link resolved, as far as it exists: the folder may not exist yet (the move makes it). */
async function realPathOf(path: string): Promise<string> {
  const parent = dirname(path);
  try {
    return await realpath(path);
  } catch (error) {
    if (parent === path || (error as NodeJS.ErrnoException).code !== 'ENOENT') return path;
    return join(await realPathOf(parent), basename(path));
  }
}
