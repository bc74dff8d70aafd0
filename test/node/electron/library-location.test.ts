/** Where the desktop app's library is: the environment, else the folder chosen in Settings (user-data JSON), else the default. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChosenLibrary, parseLibraryLocation, resolveLibraryLocation, saveChosenLibrary } from '../../../src-main/electron-main/library-location';

describe('library location', () => {
  it('keeps a chosen folder in the user-data folder, and forgets it on request', async () => {
    const userData = await mkdtemp(join(tmpdir(), 'lumen-userdata-'));
    expect(loadChosenLibrary(userData)).toBeNull();
    saveChosenLibrary(userData, '/data/photos-library');
    expect(JSON.parse(await readFile(join(userData, 'library-location.json'), 'utf8'))).toEqual({ library: '/data/photos-library' });
    expect(loadChosenLibrary(userData)).toBe('/data/photos-library');
    saveChosenLibrary(userData, null);
    expect(loadChosenLibrary(userData)).toBeNull();
  });

  it('ignores files it did not write: broken JSON, other shapes, relative or odd paths', async () => {
    for (const text of ['{', '[]', 'null', '{"library":42}', '{"library":"relative/lib"}', '{"library":"/a\\u0000b"}', '{}']) {
      expect(parseLibraryLocation(text), text).toBeNull();
    }
    expect(parseLibraryLocation('{"library":"C:\\\\Users\\\\you\\\\Lumen"}')).toBe('C:\\Users\\you\\Lumen');
    const userData = await mkdtemp(join(tmpdir(), 'lumen-userdata-'));
    await writeFile(join(userData, 'library-location.json'), 'not json');
    expect(loadChosenLibrary(userData)).toBeNull();
  });

  it('lets LUMEN_LIBRARY win over the choice, and the choice over the default', () => {
    const fallback = '/home/you/.local/share/lumen/library';
    expect(resolveLibraryLocation({ LUMEN_LIBRARY: '/env/lib' }, '/chosen', fallback)).toEqual({
      path: '/env/lib',
      source: 'environment',
      defaultPath: fallback,
    });
    expect(resolveLibraryLocation({}, '/chosen', fallback)).toEqual({ path: '/chosen', source: 'chosen', defaultPath: fallback });
    expect(resolveLibraryLocation({ LUMEN_LIBRARY: '' }, null, fallback)).toEqual({ path: fallback, source: 'default', defaultPath: fallback });
  });
});
