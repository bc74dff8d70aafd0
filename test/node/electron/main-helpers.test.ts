import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isVettedExternalUrl } from '../../../src-main/electron-main/external-links';
import { loadWindowState, parseWindowState, saveWindowState } from '../../../src-main/electron-main/window-state';

describe('isVettedExternalUrl', () => {
  it('lets only https links to known hosts leave the app', () => {
    expect(isVettedExternalUrl('https://github.com/lumen/lumen/issues')).toBe(true);
    expect(isVettedExternalUrl('https://huggingface.co/Xenova/clip-vit-base-patch32')).toBe(true);
    for (const url of [
      'http://github.com/',
      'https://github.com.evil.example/',
      'https://evil.example/?q=github.com',
      'https://user:pass@github.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'not a url',
    ]) {
      expect(isVettedExternalUrl(url), url).toBe(false);
    }
  });
});

describe('window state', () => {
  it('round-trips through the user data folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-window-'));
    expect(loadWindowState(dir)).toEqual({ width: 1280, height: 820, maximized: false });
    saveWindowState(dir, { x: 40, y: 30, width: 1500, height: 900, maximized: true });
    expect(loadWindowState(dir)).toEqual({ x: 40, y: 30, width: 1500, height: 900, maximized: true });
  });

  it('falls back to the default for damaged or absurd files', () => {
    const fallback = { width: 1280, height: 820, maximized: false };
    expect(parseWindowState('{oops')).toEqual(fallback);
    expect(parseWindowState('{"width": 10, "height": 10}')).toEqual(fallback);
    expect(parseWindowState('{"width": "1500", "height": 900}')).toEqual(fallback);
    expect(parseWindowState('{"width": 1500, "height": 900, "x": "left"}')).toEqual({ width: 1500, height: 900, maximized: false });
  });
});
