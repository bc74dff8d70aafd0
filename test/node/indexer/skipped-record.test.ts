import { join } from 'node:path';
import { expect, it } from 'vitest';
import { SkippedFilesRecord } from '../../../src-main/node/indexer/skipped-files';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { SettingsRepository } from '../../../src-main/node/library/settings-repository';
import { MemoryLogger } from '../../support/memory-logger';
import { makeTempDir } from '../library/library-fixtures';

it('a damaged record of what a scan skipped is left out of status and logged, not dropped silently', () => {
  const { dir, cleanup } = makeTempDir();
  const db = LibraryDb.open(join(dir, 'library'));
  try {
    const settings = new SettingsRepository(db);
    const logger = new MemoryLogger();
    const record = new SkippedFilesRecord(settings, logger);
    record.save('/photos', { junk: 2, excluded: 1, unsupported: { '.mov': 3 } });
    expect(record.read('/photos')).toEqual({ junk: 2, excluded: 1, unsupported: { '.mov': 3 } });
    settings.set('index.skipped:/photos', '{"junk": 2,');
    settings.set('index.skipped:/other', '{"junk": "two"}');
    expect(record.read('/photos')).toBeUndefined();
    expect(record.read('/other')).toBeUndefined();
    expect(logger.at('warn').map((r) => r.fields.root)).toEqual(['/photos', '/other']);
    expect((logger.at('warn')[0]?.fields.err as Error).name).toBe('SyntaxError');
  } finally {
    db.close();
    cleanup();
  }
});
