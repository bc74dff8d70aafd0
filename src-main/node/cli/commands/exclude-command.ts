import { LibraryDb } from '../../library/library-db';
import { SettingsRepository } from '../../library/settings-repository';
import { checkExcludePattern, readExcludePatterns, writeExcludePatterns } from '../../indexer/exclude-patterns';
import { UsageError, type CliIo } from '../cli-io';

const USAGE = 'usage: lumen exclude add <pattern>... | lumen exclude remove <pattern>... | lumen exclude list | lumen exclude clear';

/**
 * `lumen exclude`: the library's exclude patterns (gitignore syntax, relative to each indexed
 * folder). Like `config`, it needs only the database. The next `lumen index` leaves out, and
 * removes from the library, what they match.
 */
export function runExcludeCommand(libraryDir: string, args: string[], json: boolean, io: CliIo): number {
  const [action, ...patterns] = args;
  if (action === 'add' || action === 'remove') {
    if (patterns.length === 0) throw new UsageError(`lumen exclude ${action} needs at least one pattern (quote it: lumen exclude ${action} '*.mov')`);
  } else if ((action !== 'list' && action !== 'clear') || patterns.length > 0) {
    throw new UsageError(USAGE);
  }
  const checked = action === 'add' ? patterns.map(checkExcludePattern) : patterns.map((p) => p.trim());
  const db = LibraryDb.open(libraryDir);
  try {
    const settings = new SettingsRepository(db);
    const current = action === 'clear' ? [] : readExcludePatterns(settings);
    let next = current;
    let notThere: string[] = [];
    if (action === 'add') next = [...new Set([...current, ...checked])];
    if (action === 'remove') {
      notThere = checked.filter((p) => !current.includes(p));
      next = current.filter((p) => !checked.includes(p));
    }
    if (action !== 'list') writeExcludePatterns(settings, next);
    if (json) {
      io.out(`${JSON.stringify({ patterns: next, ...(notThere.length > 0 ? { notFound: notThere } : {}) })}\n`);
    } else {
      for (const pattern of notThere) io.err(`lumen: "${pattern}" was not an exclude pattern (lumen exclude list shows them)\n`);
      io.out(next.length === 0 ? 'No exclude patterns.\n' : `${next.join('\n')}\n`);
      if (action !== 'list') io.out('The next lumen index applies them.\n');
    }
    return notThere.length > 0 ? 1 : 0;
  } finally {
    db.close();
  }
}
