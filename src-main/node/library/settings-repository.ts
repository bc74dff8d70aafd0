import type { LibraryDb } from './library-db';

/** Per-library preferences as text (e.g. the vector backend last used), stored with the library so they travel with it. */
export class SettingsRepository {
  constructor(private readonly db: LibraryDb) {}

  get(key: string): string | undefined {
    return this.db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck().get(key);
  }

  /** The stored value if it is one of `allowed` (a value from another Lumen version may not be), else undefined. */
  getChoice<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.get(key);
    return allowed.find((choice) => choice === value);
  }

  set(key: string, value: string): void {
    this.db.prepare<[string, string]>('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  delete(key: string): void {
    this.db.prepare<[string]>('DELETE FROM settings WHERE key = ?').run(key);
  }
}
