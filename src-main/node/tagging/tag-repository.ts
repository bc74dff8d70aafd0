import { LumenFailure } from '../../../src-common/result';
import { returnedRow, type LibraryDb } from '../library/library-db';
import { SQL_NOW } from '../library/sql-now';

export type TagState = 'accepted' | 'rejected' | 'suggested';

export interface TagRecord {
  id: number;
  name: string;
  descriptions: string[];
  /** Probability a suggestion needs; null: the default. */
  threshold: number | null;
}

export interface PhotoTagRecord {
  photoId: number;
  tagId: number;
  state: TagState;
  source: 'manual' | 'auto';
  confidence: number | null;
}

export interface TagCounts {
  accepted: number;
  rejected: number;
  suggested: number;
}

interface TagRow extends Omit<TagRecord, 'descriptions'> {
  descriptions: string;
}

const TAG_COLUMNS = 'id, name, descriptions, threshold';

/** Tags and which photos have them (accepted), must not (rejected) or might (suggested). */
export class TagRepository {
  constructor(private readonly db: LibraryDb) {}

  /** Creates the tag, or adds descriptions to it and changes its threshold when given. */
  upsertTag(name: string, descriptions: readonly string[] = [], threshold?: number | null): TagRecord {
    const existing = this.findTag(name);
    const merged = [...new Set([...(existing?.descriptions ?? []), ...descriptions])];
    const row = returnedRow(
      this.db.prepare<[string, string, number | null, number], TagRow>(
        `INSERT INTO tags (name, descriptions, threshold, created_at) VALUES (?, ?, ?, ${SQL_NOW})
           ON CONFLICT (name) DO UPDATE SET descriptions = excluded.descriptions,
             threshold = CASE WHEN ? THEN excluded.threshold ELSE threshold END
           RETURNING ${TAG_COLUMNS}`,
      ),
      name.trim(),
      JSON.stringify(merged),
      threshold ?? null,
      threshold === undefined ? 0 : 1,
    );
    return parseTag(row);
  }

  findTag(name: string): TagRecord | undefined {
    const row = this.db.prepare<[string], TagRow>(`SELECT ${TAG_COLUMNS} FROM tags WHERE name = ?`).get(name.trim());
    return row ? parseTag(row) : undefined;
  }

  requireTag(name: string): TagRecord {
    const tag = this.findTag(name);
    if (!tag) throw new LumenFailure('unknown-tag', `no tag named "${name}"; create it with \`lumen tag add "${name}"\``);
    return tag;
  }

  listTags(): TagRecord[] {
    return this.db.prepare<[], TagRow>(`SELECT ${TAG_COLUMNS} FROM tags ORDER BY name`).all().map(parseTag);
  }

  counts(tagId: number): TagCounts {
    const rows = this.db
      .prepare<[number], { state: TagState; n: number }>('SELECT state, count(*) AS n FROM photo_tags WHERE tag_id = ? GROUP BY state')
      .all(tagId);
    const counts: TagCounts = { accepted: 0, rejected: 0, suggested: 0 };
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  /** A person's decision: it always wins over an earlier one or a suggestion. */
  setDecision(photoIds: readonly number[], tagId: number, state: 'accepted' | 'rejected', source: 'manual' | 'auto'): void {
    const statement = this.db.prepare<[number, number, string, string]>(
      `INSERT INTO photo_tags (photo_id, tag_id, state, source, confidence, updated_at) VALUES (?, ?, ?, ?, NULL, ${SQL_NOW})
       ON CONFLICT (photo_id, tag_id) DO UPDATE SET state = excluded.state, source = excluded.source, updated_at = excluded.updated_at`,
    );
    this.db.transaction(() => {
      for (const photoId of photoIds) statement.run(photoId, tagId, state, source);
    });
  }

  /** Suggestions decided on become suggestions again; rows made by hand (no confidence) go. */
  clearDecision(photoIds: readonly number[], tagId: number): void {
    const unsuggest = this.db.prepare<[number, number]>(
      `UPDATE photo_tags SET state = 'suggested', source = 'auto', updated_at = ${SQL_NOW} WHERE tag_id = ? AND photo_id = ? AND confidence IS NOT NULL`,
    );
    const remove = this.db.prepare<[number, number]>('DELETE FROM photo_tags WHERE tag_id = ? AND photo_id = ? AND confidence IS NULL');
    this.db.transaction(() => {
      for (const photoId of photoIds) {
        unsuggest.run(tagId, photoId);
        remove.run(tagId, photoId);
      }
    });
  }

  /** Replaces the suggestions among `photoIds` (a run's scope) with `suggestions`; decisions are never touched. */
  replaceSuggestions(tagId: number, photoIds: readonly number[], suggestions: ReadonlyMap<number, number>): void {
    const clear = this.db.prepare<[number, number]>("DELETE FROM photo_tags WHERE tag_id = ? AND photo_id = ? AND state = 'suggested'");
    const suggest = this.db.prepare<[number, number, number]>(
      `INSERT INTO photo_tags (photo_id, tag_id, state, source, confidence, updated_at) VALUES (?, ?, 'suggested', 'auto', ?, ${SQL_NOW})
       ON CONFLICT (photo_id, tag_id) DO UPDATE SET confidence = excluded.confidence, updated_at = excluded.updated_at
       WHERE photo_tags.state = 'suggested'`,
    );
    this.db.transaction(() => {
      for (const photoId of photoIds) {
        const confidence = suggestions.get(photoId);
        if (confidence === undefined) clear.run(tagId, photoId);
        else suggest.run(photoId, tagId, confidence);
      }
    });
  }

  photoIdsWithState(tagId: number, state: TagState): number[] {
    return this.db
      .prepare<[number, string], number>('SELECT photo_id FROM photo_tags WHERE tag_id = ? AND state = ? ORDER BY photo_id')
      .pluck()
      .all(tagId, state);
  }

  suggestions(tagId: number): Array<{ photoId: number; confidence: number }> {
    return this.db
      .prepare<[number], { photoId: number; confidence: number }>(
        "SELECT photo_id AS photoId, confidence FROM photo_tags WHERE tag_id = ? AND state = 'suggested' ORDER BY confidence DESC, photo_id",
      )
      .all(tagId);
  }

  /** Accepted tag names per photo, for write-back. */
  acceptedTagsByPhoto(): Map<number, string[]> {
    const rows = this.db
      .prepare<[], { photoId: number; name: string }>(
        "SELECT photo_tags.photo_id AS photoId, tags.name AS name FROM photo_tags JOIN tags ON tags.id = photo_tags.tag_id WHERE state = 'accepted' ORDER BY photo_tags.photo_id, tags.name",
      )
      .all();
    const byPhoto = new Map<number, string[]>();
    for (const row of rows) byPhoto.set(row.photoId, [...(byPhoto.get(row.photoId) ?? []), row.name]);
    return byPhoto;
  }

  /** Replaces the tag's descriptions (trimmed, each once). */
  setDescriptions(tagId: number, descriptions: readonly string[]): TagRecord {
    const words = [...new Set(descriptions.map((d) => d.trim()).filter((d) => d !== ''))];
    return parseTag(
      returnedRow(
        this.db.prepare<[string, number], TagRow>(`UPDATE tags SET descriptions = ? WHERE id = ? RETURNING ${TAG_COLUMNS}`),
        JSON.stringify(words),
        tagId,
      ),
    );
  }

  rename(tagId: number, newName: string): void {
    if (this.findTag(newName)) throw new LumenFailure('tag-exists', `a tag named "${newName}" exists already; merge into it instead`);
    this.db.prepare<[string, number]>('UPDATE tags SET name = ? WHERE id = ?').run(newName.trim(), tagId);
  }

  /** Moves every photo of `fromId` to `intoId` (a decision there wins over a suggestion here) and deletes `fromId`. */
  merge(fromId: number, intoId: number): void {
    this.db.transaction(() => {
      this.db
        .prepare<[number, number]>(
          `INSERT INTO photo_tags (photo_id, tag_id, state, source, confidence, updated_at)
           SELECT photo_id, ?, state, source, confidence, updated_at FROM photo_tags WHERE tag_id = ? AND true
           ON CONFLICT (photo_id, tag_id) DO UPDATE SET state = excluded.state, source = excluded.source, confidence = excluded.confidence
           WHERE photo_tags.state = 'suggested' OR (photo_tags.state = 'rejected' AND excluded.state = 'accepted')`,
        )
        .run(intoId, fromId);
      this.delete(fromId);
    });
  }

  delete(tagId: number): void {
    this.db.prepare<[number]>('DELETE FROM tags WHERE id = ?').run(tagId);
  }
}

function parseTag(row: TagRow): TagRecord {
  return { ...row, descriptions: JSON.parse(row.descriptions) as string[] };
}
