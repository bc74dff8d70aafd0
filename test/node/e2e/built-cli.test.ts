/**
 * The built `lumen` binary (bin/lumen.js → out/main/cli.js → out/main/embed-worker.js), as a user
 * runs it after setup. `scripts/test.sh` builds before testing.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { IndexSummary, LibraryStatus, SearchResponse } from '../../../src-common/contract';

const root = join(import.meta.dirname, '../../..');
const run = promisify(execFile);

async function lumen(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [join(root, 'bin/lumen.js'), ...args], { cwd: root });
  return stdout;
}

describe('the built lumen command', () => {
  it('is built', () => {
    expect(existsSync(join(root, 'out/main/cli.js')), 'run `npm run build` (scripts/test.sh does)').toBe(true);
    expect(existsSync(join(root, 'out/main/embed-worker.js'))).toBe(true);
  });

  it('indexes, searches and reports status through the built worker', async () => {
    const library = await mkdtemp(join(tmpdir(), 'lumen-built-'));
    const photos = join(root, 'test/fixtures/corpus/photos');
    const summary = JSON.parse(await lumen('index', photos, '--library', library, '--json')) as IndexSummary;
    expect(summary.indexed).toBe(10);
    const search = JSON.parse(await lumen('search', 'a red circle', '--limit', '2', '--library', library, '--json')) as SearchResponse;
    expect(search.hits).toHaveLength(2);
    const status = JSON.parse(await lumen('status', '--library', library, '--json')) as LibraryStatus;
    expect(status).toMatchObject({ photos: 10, embedded: 10, errors: 0, vectorBackend: 'vec' });
    expect(status.model?.name).toBe('shapes-lit');
  });

  it('prints its version and exits 2 on bad arguments', async () => {
    expect((await lumen('--version')).trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const library = join(await mkdtemp(join(tmpdir(), 'lumen-built-')), 'not-created');
    await expect(lumen('search', '--library', library)).rejects.toMatchObject({ code: 2 });
    await expect(lumen('classify', 'x.jpg', '--library', library)).rejects.toMatchObject({ code: 2 });
    await expect(lumen('index', '--library', library)).rejects.toMatchObject({ code: 2 });
    expect(existsSync(library), 'bad arguments must not create a library').toBe(false);
  });
});
