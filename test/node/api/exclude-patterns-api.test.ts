/**
 * The window's exclude patterns through the real dispatcher and a real library: the same list
 * `lumen exclude` keeps, each pattern checked, and the next indexing run leaves out what it matches.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Result } from '../../../src-common/result';
import { createApiDispatcher, lazySession, type ApiDispatcher } from '../../../src-main/node/api/api-handlers';
import { runExcludeCommand } from '../../../src-main/node/cli/commands/exclude-command';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { writeShapePhotos } from '../indexer/indexer-fixtures';

let root = '';
let library = '';
let photos = '';
let session: ReturnType<typeof lazySession>;
let dispatch: ApiDispatcher;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-exclude-api-'));
  library = join(root, 'library');
  photos = join(root, 'photos');
  await mkdir(join(photos, 'Screenshots'), { recursive: true });
  await writeShapePhotos(photos, 2);
  await writeShapePhotos(join(photos, 'Screenshots'), 1, 9, 'shot');
  session = lazySession(() => LumenServices.open({ libraryDir: library, indexWorkers: 1 }));
  dispatch = createApiDispatcher(session);
});

afterAll(async () => {
  await session?.dispose();
  if (root) await rm(root, { recursive: true, force: true });
});

it('saves the patterns lumen exclude lists, refuses a comment, and the next run leaves out what they match', async () => {
  expect(await dispatch('getExcludePatterns', undefined)).toEqual({ ok: true, value: [] });
  expect(await dispatch('setExcludePatterns', [' Screenshots/ ', '*.gif', '*.gif'])).toEqual({ ok: true, value: ['Screenshots/', '*.gif'] });
  const refused = (await dispatch('setExcludePatterns', ['#raw'])) as Result<string[]>;
  expect(refused).toMatchObject({ ok: false, error: { code: 'bad-argument' } });
  expect(await dispatch('getExcludePatterns', undefined)).toEqual({ ok: true, value: ['Screenshots/', '*.gif'] });

  const { services } = await session();
  const summary = await services.indexer.indexFolders([photos]);
  expect(summary).toMatchObject({ indexed: 2, skipped: { excluded: 1 } });

  let listed = '';
  runExcludeCommand(library, ['list'], true, { out: (text) => (listed += text), err: () => undefined, interactive: false });
  expect(JSON.parse(listed)).toEqual({ patterns: ['Screenshots/', '*.gif'] });
}, 240_000);
