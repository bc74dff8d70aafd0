import type { TextMatchReason } from '../../../src-common/contract';
import type { LibraryDb } from '../library/library-db';
import { keywordsOf } from './query-text';

/**
 * Which of the query's keywords each photo's file or folder names, accepted tags and place hold, as
 * whole words (the full-text index's own tokens: letters and digits, case and accents ignored), so a
 * hit can say why words matched it.
 */
export function textMatchReasons(db: LibraryDb, photoIds: readonly number[], keywords: readonly string[]): Map<number, TextMatchReason[]> {
  const reasons = new Map<number, TextMatchReason[]>();
  if (photoIds.length === 0 || keywords.length === 0) return reasons;
  const rows = db
    .prepare<[string], { id: number; path: string; tags: string | null; place: string | null }>(
      'SELECT rowid AS id, path, tags, place FROM photo_text WHERE rowid IN (SELECT value FROM json_each(?))',
    )
    .all(JSON.stringify(photoIds));
  for (const row of rows) {
    const found: TextMatchReason[] = [];
    const add = (field: TextMatchReason['field'], text: string | null): void => {
      const words = new Set(keywordsOf(text ?? ''));
      const matched = keywords.filter((keyword) => words.has(keyword));
      if (matched.length > 0) found.push({ field, words: matched });
    };
    add('tag', row.tags);
    add('name', row.path);
    add('place', row.place);
    if (found.length > 0) reasons.set(row.id, found);
  }
  return reasons;
}
