/**
 * What indexing leaves out, in the real window (headless Chromium against `lumen serve`, the demo
 * model): Settings → Folders says how many junk and excluded items the folder's last scan skipped
 * and which other files it found; an exclude pattern added there is the library's (the same list
 * `lumen exclude` keeps) and the next run leaves its photos out. Screenshots land in test-artifacts/ui/.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderShapePhoto } from '../support/independent-shapes-renderer';
import { ensureBuiltWindow } from './support/built-window';
import { CHROMIUM_PATH } from './support/chromium';
import { openServedWindow, type ServedWindow } from './support/served-window';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'ui');
let served: ServedWindow | undefined;
let page: Page;
let photosDir: string;
const pageErrors: string[] = [];

describe.skipIf(!existsSync(CHROMIUM_PATH))('files left out, in Chromium served by lumen serve', () => {
  beforeAll(async () => {
    ensureBuiltWindow();
    await mkdir(ARTIFACTS, { recursive: true });
    const base = await mkdtemp(join(tmpdir(), 'lumen-ui-left-out-'));
    photosDir = join(base, 'Camera');
    // Two photos, one in Screenshots/; a Synology thumbnail folder, a Mac's .DS_Store, a note and a sidecar.
    await mkdir(join(photosDir, 'Screenshots'), { recursive: true });
    await mkdir(join(photosDir, '@eaDir', 'red.png'), { recursive: true });
    await writeFile(join(photosDir, 'red.png'), (await renderShapePhoto({ color: 'red', shape: 'circle', seed: 1, format: 'png' })).data);
    await writeFile(join(photosDir, 'Screenshots', 'blue.png'), (await renderShapePhoto({ color: 'blue', shape: 'star', seed: 2, format: 'png' })).data);
    await writeFile(join(photosDir, '@eaDir', 'red.png', 'SYNOPHOTO_THUMB_M.jpg'), 'thumbnail');
    await writeFile(join(photosDir, '.DS_Store'), 'finder');
    await writeFile(join(photosDir, 'notes.txt'), 'notes');
    await writeFile(join(photosDir, 'red.png.xmp'), '<x:xmpmeta/>');
    served = await openServedWindow(join(base, 'library'), pageErrors);
    ({ page } = served);
  });

  afterAll(async () => {
    await served?.close();
  });

  it('shows the skipped counts per folder and leaves out what an exclude pattern added in Settings matches', async () => {
    await page.getByRole('button', { name: 'Add a folder' }).first().click();
    await page.getByLabel('Folder path on this computer').fill(photosDir);
    await page.getByRole('button', { name: 'Add and index' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'All photos · 2 photos' }).isVisible(), { timeout: 90_000 }).toBe(true);
    await expect.poll(() => page.getByRole('progressbar').count(), { timeout: 90_000 }).toBe(0);

    await page.getByRole('button', { name: 'Settings' }).click();
    const folders = page.getByRole('listitem').filter({ hasText: photosDir });
    await expect.poll(() => folders.textContent(), { timeout: 30_000 }).toContain('Left out: 2 system, NAS, recycle-bin or hidden items.');
    expect(await folders.textContent()).toContain('Files Lumen does not read: 2 (1 .txt, 1 .xmp).');

    await page.getByLabel('Pattern to leave out').fill('Screenshots/');
    await page.getByRole('button', { name: 'Leave out' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Left out of indexing' }).textContent()).toContain('Screenshots/');
    await page.screenshot({ path: join(ARTIFACTS, '30-left-out-settings.png') });

    // The next run applies it: the photo in Screenshots/ leaves the library, and the folder counts it as excluded.
    await page.evaluate(async () => {
      const response = await fetch('/api/reindexAll', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({}) });
      if (!((await response.json()) as { ok: boolean }).ok) throw new Error('reindexAll refused');
    });
    await expect.poll(() => folders.textContent(), { timeout: 90_000 }).toContain('1 matching your exclude patterns');
    await page.evaluate(() => {
      (globalThis as unknown as { location: { hash: string } }).location.hash = '#/photos';
    });
    await expect.poll(() => page.getByRole('heading', { name: /^All photos · 1 photos?$/ }).isVisible(), { timeout: 30_000 }).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
