import { describe, expect, it } from 'vitest';
import { defaultLibraryDir } from '../../../src-main/node/app-paths';

describe('defaultLibraryDir', () => {
  it('follows each OS convention', () => {
    expect(defaultLibraryDir('linux', {}, '/home/ann')).toBe('/home/ann/.local/share/lumen/library');
    expect(defaultLibraryDir('linux', { XDG_DATA_HOME: '/data' }, '/home/ann')).toBe('/data/lumen/library');
    expect(defaultLibraryDir('darwin', {}, '/Users/ann')).toBe('/Users/ann/Library/Application Support/Lumen/Library');
    expect(defaultLibraryDir('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann')).toContain('Lumen');
  });

  it('lets LUMEN_LIBRARY override the default', () => {
    expect(defaultLibraryDir('linux', { LUMEN_LIBRARY: '/srv/photos-lib' }, '/home/ann')).toBe('/srv/photos-lib');
  });
});
