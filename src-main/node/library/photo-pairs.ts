import { VIDEO_EXTENSIONS } from '../../../src-common/video-moment';
import { RAW_EXTENSIONS } from '../photos/photo-formats';
import type { LibraryDb } from './library-db';

/** `copy`: the same bytes (content hash) as an earlier photo of the folder, as classify-and-copy leaves in a category subfolder. */
export type PartKind = 'live-video' | 'raw' | 'copy';

/** What pairing needs to know of each file in a folder. */
export interface PairCandidate {
  id: number;
  path: string;
  format: string | null;
  /** Videos only. */
  durationMs: number | null;
  /** Apple's content identifier: a video's from its container, a still's from its maker notes (a Live Photo's two share it). */
  contentIdentifier: string | null;
}

export interface PhotoPart {
  partId: number;
  leadId: number;
  kind: PartKind;
}

/** A Live Photo's video lasts about 3 s; a longer clip with the still's name is a video of its own (unless Apple's identifier says otherwise). */
export const LIVE_VIDEO_MAX_MS = 6000;

const RAW_FORMATS = new Set([...RAW_EXTENSIONS].map((e) => e.slice(1)));
const VIDEO_FORMATS = new Set([...VIDEO_EXTENSIONS].map((e) => e.slice(1)));

/** Folder and name without its last extension, any case: `IMG_0001.HEIC` and `img_0001.mov` share it. */
function pairKey(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const dot = path.lastIndexOf('.');
  return (dot > slash + 1 ? path.slice(0, dot) : path).toLowerCase();
}

function kindOf(candidate: PairCandidate): 'still' | PartKind {
  const format = candidate.format ?? '';
  if (VIDEO_FORMATS.has(format)) return 'live-video';
  return RAW_FORMATS.has(format) ? 'raw' : 'still';
}

/**
 * The parts among one folder's files: beside a still (JPEG, HEIC, …) of the same name, a RAW is its
 * part, and so is a short video (a Live Photo's). Without a still, a RAW leads its video. Two stills
 * of one name (IMG_1.JPG, IMG_1.PNG) stay apart; so does a video longer than LIVE_VIDEO_MAX_MS,
 * unless it carries Apple's content identifier (only Live Photo videos do). A video left over that
 * carries the same identifier as a still in its folder (renamed apart: `IMG_0001.HEIC` and
 * `IMG_0001 (1).MOV`) is that still's Live Photo video, unless the still has one already.
 */
export function findParts(candidates: readonly PairCandidate[]): PhotoPart[] {
  const groups = new Map<string, PairCandidate[]>();
  for (const candidate of candidates) {
    const key = pairKey(candidate.path);
    const group = groups.get(key);
    if (group) group.push(candidate);
    else groups.set(key, [candidate]);
  }
  const parts: PhotoPart[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const byPath = [...group].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const lead = byPath.find((c) => kindOf(c) === 'still') ?? byPath.find((c) => kindOf(c) === 'raw');
    if (!lead) continue;
    const taken = new Set<PartKind>();
    for (const candidate of byPath) {
      const kind = kindOf(candidate);
      if (candidate === lead || kind === 'still' || taken.has(kind)) continue;
      if (kind === 'live-video' && candidate.contentIdentifier === null && (candidate.durationMs === null || candidate.durationMs > LIVE_VIDEO_MAX_MS))
        continue;
      taken.add(kind);
      parts.push({ partId: candidate.id, leadId: lead.id, kind });
    }
  }
  return [...parts, ...pairedByIdentifier(candidates, parts)];
}

function folderOf(path: string): string {
  return path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')));
}

/** Live Photo videos found by Apple's identifier rather than by name, among what name pairing left. */
function pairedByIdentifier(candidates: readonly PairCandidate[], byName: readonly PhotoPart[]): PhotoPart[] {
  const parts = new Set(byName.map((p) => p.partId));
  const withVideo = new Set(byName.filter((p) => p.kind === 'live-video').map((p) => p.leadId));
  const byPath = [...candidates].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const stills = new Map<string, PairCandidate>();
  for (const c of byPath) {
    const key = `${folderOf(c.path)}\0${c.contentIdentifier ?? ''}`;
    if (kindOf(c) === 'still' && c.contentIdentifier !== null && !parts.has(c.id) && !stills.has(key)) stills.set(key, c);
  }
  const found: PhotoPart[] = [];
  for (const video of byPath) {
    if (kindOf(video) !== 'live-video' || video.contentIdentifier === null || parts.has(video.id)) continue;
    const still = stills.get(`${folderOf(video.path)}\0${video.contentIdentifier}`);
    if (!still || withVideo.has(still.id)) continue;
    withVideo.add(still.id);
    found.push({ partId: video.id, leadId: still.id, kind: 'live-video' });
  }
  return found;
}

/** What finding copies needs to know of each file in a folder. */
export interface CopyCandidate {
  id: number;
  contentHash: string | null;
}

/**
 * Exact copies among one folder's files: a file with the bytes of an earlier photo (the lower id:
 * the one the library had first) is a part of it, shown and searched as that photo. A file that is
 * already a part stays as it is, and one that leads other parts is never made a copy.
 */
export function findCopies(candidates: readonly CopyCandidate[], pairs: readonly PhotoPart[]): PhotoPart[] {
  const parts = new Set(pairs.map((pair) => pair.partId));
  const leads = new Set(pairs.map((pair) => pair.leadId));
  const firstByHash = new Map<string, number>();
  const copies: PhotoPart[] = [];
  for (const candidate of [...candidates].sort((a, b) => a.id - b.id)) {
    if (candidate.contentHash === null || parts.has(candidate.id)) continue;
    const first = firstByHash.get(candidate.contentHash);
    if (first === undefined) firstByHash.set(candidate.contentHash, candidate.id);
    else if (!leads.has(candidate.id)) copies.push({ partId: candidate.id, leadId: first, kind: 'copy' });
  }
  return copies;
}

/** The pairs recorded per folder, and the questions the grid, search and viewer ask of them. */
export class PhotoPairs {
  constructor(private readonly db: LibraryDb) {}

  /** Recomputes the folder's pairs from its files (call after a complete scan). */
  refreshRoot(rootId: number): void {
    const candidates = this.db
      .prepare<[number], PairCandidate>(
        `SELECT p.id AS id, p.path AS path, p.format AS format, v.duration_ms AS durationMs,
                coalesce(v.content_identifier, p.content_identifier) AS contentIdentifier
         FROM photos p LEFT JOIN videos v ON v.photo_id = p.id WHERE p.root_id = ?`,
      )
      .all(rootId);
    const pairs = findParts(candidates);
    const parts = [...pairs, ...this.copiesIn(rootId, pairs)];
    this.db.transaction(() => {
      this.db.prepare<[number]>('DELETE FROM photo_parts WHERE part_id IN (SELECT id FROM photos WHERE root_id = ?)').run(rootId);
      const insert = this.db.prepare<[number, number, string]>('INSERT OR REPLACE INTO photo_parts (part_id, lead_id, kind) VALUES (?, ?, ?)');
      for (const part of parts) insert.run(part.partId, part.leadId, part.kind);
    });
  }

  /**
   * The folder's files that copy an earlier photo, in this folder or in another library folder (a
   * backup of the same pictures): the same bytes are one photo, shown once. Another folder's photo
   * counts unless it is a part itself (its own lead, with the same bytes, is among the candidates).
   */
  private copiesIn(rootId: number, pairs: readonly PhotoPart[]): PhotoPart[] {
    const candidates = this.db
      .prepare<[{ rootId: number }], CopyCandidate & { rootId: number }>(
        `SELECT id, content_hash AS contentHash, root_id AS rootId FROM photos WHERE root_id = @rootId
         UNION ALL
         SELECT p.id, p.content_hash, p.root_id FROM photos p
         WHERE p.root_id <> @rootId AND p.content_hash IN (SELECT content_hash FROM photos WHERE root_id = @rootId AND content_hash IS NOT NULL)
           AND NOT EXISTS (SELECT 1 FROM photo_parts WHERE part_id = p.id)`,
      )
      .all({ rootId });
    const inRoot = new Set(candidates.filter((c) => c.rootId === rootId).map((c) => c.id));
    return findCopies(candidates, pairs).filter((copy) => inRoot.has(copy.partId));
  }

  /** For each of these ids that is a part: its lead. */
  leadsOf(photoIds: readonly number[]): Map<number, number> {
    if (photoIds.length === 0) return new Map();
    const rows = this.db
      .prepare<[string], { partId: number; leadId: number }>(
        'SELECT part_id AS partId, lead_id AS leadId FROM photo_parts WHERE part_id IN (SELECT value FROM json_each(?))',
      )
      .all(JSON.stringify(photoIds));
    return new Map(rows.map((r) => [r.partId, r.leadId]));
  }

  /** The parts of each of these leads, with their paths. */
  partsOf(leadIds: readonly number[]): Map<number, { photoId: number; path: string; kind: PartKind }[]> {
    const parts = new Map<number, { photoId: number; path: string; kind: PartKind }[]>();
    if (leadIds.length === 0) return parts;
    const rows = this.db
      .prepare<[string], { leadId: number; photoId: number; path: string; kind: PartKind }>(
        `SELECT pp.lead_id AS leadId, p.id AS photoId, p.path AS path, pp.kind AS kind FROM photo_parts pp JOIN photos p ON p.id = pp.part_id
         WHERE pp.lead_id IN (SELECT value FROM json_each(?)) ORDER BY p.path`,
      )
      .all(JSON.stringify(leadIds));
    for (const { leadId, ...part } of rows) {
      const list = parts.get(leadId);
      if (list) list.push(part);
      else parts.set(leadId, [part]);
    }
    return parts;
  }
}
