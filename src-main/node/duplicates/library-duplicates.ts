/**
 * Near-identical photos across the whole library, for the window's duplicates view: photos with the
 * same bytes, and photos whose image vectors are almost the same (re-encoded, resized, lightly
 * edited; the threshold search uses to fold duplicates, duplicate-groups.ts), found by hashing the
 * vectors (near-duplicate-pairs.ts) rather than comparing every pair of photos.
 */
import { dirname } from 'node:path';
import type { DuplicateGroup, DuplicatePhoto } from '../../../src-common/contract-library-views';
import type { EmbeddingRepository } from '../library/embedding-repository';
import type { LibraryDb } from '../library/library-db';
import { DUPLICATE_COSINE } from '../search/duplicate-groups';
import { nearDuplicatePairs } from './near-duplicate-pairs';

export interface LibraryDuplicatesDeps {
  db: LibraryDb;
  embeddings: EmbeddingRepository;
  /** The serving tower's row (the vectors searches use). */
  towerRowId: number;
}

interface PhotoRow extends Omit<DuplicatePhoto, 'folder' | 'hasThumbnail'> {
  contentHash: string;
  thumbnail: string | null;
}

// A Live Photo's video and the RAW beside a JPEG belong to their photo; an exact copy in the same
// library folder is folded under the first one in the grid, but it is a duplicate a person may want out.
const NOT_A_PART = "NOT EXISTS (SELECT 1 FROM photo_parts WHERE part_id = photos.id AND kind <> 'copy')";

/** Groups of at least two photos, the most copies first; in each, the copy to keep first. */
export async function findDuplicateGroups(deps: LibraryDuplicatesDeps): Promise<DuplicateGroup[]> {
  const rows = deps.db
    .prepare<[], PhotoRow>(
      `SELECT id, path, size, width, height, taken_at AS takenAt, content_hash AS contentHash, thumbnail FROM photos
       WHERE ${NOT_A_PART} AND root_id IN (SELECT id FROM roots WHERE online = 1) ORDER BY id`,
    )
    .all();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const sets = new DisjointSets();
  const firstWithHash = new Map<string, number>();
  for (const row of rows) {
    const first = firstWithHash.get(row.contentHash);
    if (first === undefined) firstWithHash.set(row.contentHash, row.id);
    else sets.join(first, row.id);
  }
  const dim = deps.embeddings.getImageTower(deps.towerRowId)?.dim;
  if (dim !== undefined) {
    const vectors = filtered(deps.embeddings.iterateEmbeddings(deps.towerRowId), (stored) => byId.has(stored.photoId));
    const pairs = await nearDuplicatePairs(vectors, dim, DUPLICATE_COSINE, (photoId) => deps.embeddings.getEmbedding(photoId, deps.towerRowId));
    for (const [a, b] of pairs) sets.join(a, b);
  }
  const groups = new Map<number, PhotoRow[]>();
  for (const row of rows) {
    const root = sets.find(row.id);
    const members = groups.get(root);
    if (members) members.push(row);
    else groups.set(root, [row]);
  }
  return [...groups.values()]
    .filter((members) => members.length > 1)
    .map((members) => ({
      kind: members.every((m) => m.contentHash === members[0]?.contentHash) ? ('same-file' as const) : ('similar' as const),
      photos: members.sort(keepFirst).map(toDuplicatePhoto),
    }))
    .sort((a, b) => b.photos.length - a.photos.length || (a.photos[0]?.id ?? 0) - (b.photos[0]?.id ?? 0));
}

function* filtered<T>(items: Iterable<T>, keep: (item: T) => boolean): Generator<T> {
  for (const item of items) if (keep(item)) yield item;
}

/** The copy to keep first: the most pixels, then the oldest capture (undated last), then the first indexed. */
export function keepFirst(a: Omit<DuplicatePhoto, 'folder' | 'hasThumbnail'>, b: Omit<DuplicatePhoto, 'folder' | 'hasThumbnail'>): number {
  const pixels = (p: typeof a): number => (p.width ?? 0) * (p.height ?? 0);
  if (pixels(a) !== pixels(b)) return pixels(b) - pixels(a);
  if (a.takenAt !== b.takenAt) {
    if (a.takenAt === null) return 1;
    if (b.takenAt === null) return -1;
    return a.takenAt < b.takenAt ? -1 : 1;
  }
  return a.id - b.id;
}

function toDuplicatePhoto(row: PhotoRow): DuplicatePhoto {
  return {
    id: row.id,
    path: row.path,
    folder: dirname(row.path),
    size: row.size,
    width: row.width,
    height: row.height,
    takenAt: row.takenAt,
    hasThumbnail: row.thumbnail !== null,
  };
}

/** Union–find over photo ids. */
class DisjointSets {
  private readonly parent = new Map<number, number>();

  find(id: number): number {
    let root = id;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root) ?? root;
    // Path compression: every id on the way points at the root.
    let node = id;
    while (node !== root) {
      const next = this.parent.get(node) ?? root;
      this.parent.set(node, root);
      node = next;
    }
    return root;
  }

  join(a: number, b: number): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA !== rootB) this.parent.set(Math.max(rootA, rootB), Math.min(rootA, rootB));
  }
}
