import { HISTORY_LENGTH, type HistoryKind } from '../../../src-common/contract-history';
import { returnedRow, type LibraryDb } from '../library/library-db';
import { SQL_NOW } from '../library/sql-now';
import type { HistoryRecord } from './history-records';

export type HistoryChange = 'recorded' | 'undone' | 'forgotten';

export interface StoredHistoryEntry {
  id: number;
  kind: HistoryKind;
  description: string;
  record: HistoryRecord;
  at: string;
  undoneAt: string | null;
}

interface HistoryRow {
  id: number;
  kind: HistoryKind;
  description: string;
  payload: string;
  at: string;
  undoneAt: string | null;
}

const COLUMNS = 'id, kind, description, payload, created_at AS at, undone_at AS undoneAt';

/**
 * The stored history of a library: each change a person made, with what takes it back. Services
 * record into it as they change things; the newest `HISTORY_LENGTH` entries are kept.
 * `onDidChange` listeners hear every record and undo (the window is told by an event).
 */
export class HistoryJournal {
  private readonly listeners = new Set<(reason: HistoryChange) => void>();

  constructor(private readonly db: LibraryDb) {}

  record(description: string, record: HistoryRecord): number {
    const id = this.db.transaction(() => {
      const inserted = returnedRow(
        this.db
          .prepare<[string, string, string], number>(`INSERT INTO history (kind, description, payload, created_at) VALUES (?, ?, ?, ${SQL_NOW}) RETURNING id`)
          .pluck(),
        record.kind,
        description,
        JSON.stringify(record),
      );
      this.db.prepare<[number]>('DELETE FROM history WHERE id <= ?').run(inserted - HISTORY_LENGTH);
      return inserted;
    });
    this.changed('recorded');
    return id;
  }

  /** Newest first. */
  list(): StoredHistoryEntry[] {
    return this.db.prepare<[], HistoryRow>(`SELECT ${COLUMNS} FROM history ORDER BY id DESC`).all().map(parseRow);
  }

  get(id: number): StoredHistoryEntry | undefined {
    const row = this.db.prepare<[number], HistoryRow>(`SELECT ${COLUMNS} FROM history WHERE id = ?`).get(id);
    return row ? parseRow(row) : undefined;
  }

  markUndone(id: number): void {
    this.db.prepare<[number]>(`UPDATE history SET undone_at = ${SQL_NOW} WHERE id = ? AND undone_at IS NULL`).run(id);
    this.changed('undone');
  }

  /** Drops an entry recorded ahead of a change that then changed nothing (a copy or move that did no file). */
  forget(id: number): void {
    this.db.prepare<[number]>('DELETE FROM history WHERE id = ?').run(id);
    this.changed('forgotten');
  }

  onDidChange(listener: (reason: HistoryChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(reason: HistoryChange): void {
    for (const listener of [...this.listeners]) listener(reason);
  }
}

function parseRow(row: HistoryRow): StoredHistoryEntry {
  return { id: row.id, kind: row.kind, description: row.description, record: JSON.parse(row.payload) as HistoryRecord, at: row.at, undoneAt: row.undoneAt };
}
