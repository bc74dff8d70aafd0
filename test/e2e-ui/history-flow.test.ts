/**
 * Undo in the real window (headless Chromium against `lumen serve`, the demo model): photos classified
 * and copied from the window, then Ctrl+Z removes the copies; photos classified and moved (by
 * `lumen classify --move` on the same library), then Ctrl+Z in the window puts every file back where
 * it was, byte for byte; the History panel lists both as undone, and ? opens the shortcuts sheet.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassifyResponse } from '../../src-common/contract';
import { lumenJson } from '../support/cli-runner';
import { renderShapesSet, SHAPES } from '../support/independent-shapes-renderer';
import { ensureBuiltWindow } from './support/built-window';
import { CHROMIUM_PATH } from './support/chromium';
import { openServedWindow, type ServedWindow } from './support/served-window';
import { axeViolations } from './support/axe-violations';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'ui');
let served: ServedWindow | undefined;
let page: Page;
let base: string;
let libraryDir: string;
let photosDir: string;
const pageErrors: string[] = [];

/** Every file under `dir` (recursively) with the SHA-256 of its bytes. */
async function filesWithHashes(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  const hashes = await Promise.all(
    files.map(async (file) =>
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex'),
    ),
  );
  return new Map(files.map((file, i) => [file, hashes[i] as string]));
}

describe.skipIf(!existsSync(CHROMIUM_PATH))('undo in Chromium, served by lumen serve', () => {
  beforeAll(async () => {
    ensureBuiltWindow();
    await mkdir(ARTIFACTS, { recursive: true });
    base = await mkdtemp(join(tmpdir(), 'lumen-ui-history-'));
    photosDir = join(base, 'Shapes');
    libraryDir = join(base, 'library');
    await renderShapesSet(photosDir, { perPair: 1, seed: 424242 });
    for (const shape of SHAPES)
      await lumenJson('category', 'add', 'shapes', shape, '--description', `a ${shape} shape`, '--unsure-below', '0', '--library', libraryDir);
    served = await openServedWindow(libraryDir, pageErrors);
    ({ page } = served);
  });

  afterAll(async () => {
    await served?.close();
  });

  it('indexes a folder of shapes', async () => {
    await page.getByRole('button', { name: 'Add a folder' }).first().click();
    await page.getByLabel('Folder path on this computer').fill(photosDir);
    await page.getByRole('button', { name: 'Add and index' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'All photos · 32 photos' }).isVisible(), { timeout: 90_000 }).toBe(true);
    await expect.poll(() => page.getByRole('progressbar').count(), { timeout: 90_000 }).toBe(0);
    if (await page.getByRole('button', { name: 'Dismiss' }).isVisible()) await page.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('Ctrl+Z after classify-and-copy from the window removes the copies and leaves the originals as they were', async () => {
    const before = await filesWithHashes(photosDir);
    await page.getByRole('option').first().click();
    await page.getByRole('button', { name: 'Classify and copy' }).click();
    await expect.poll(async () => (await filesWithHashes(photosDir)).size, { timeout: 30_000 }).toBe(before.size + 1);

    await page.locator('[data-grid]').focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByText('Removed the 1 copy Lumen had made.').isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await filesWithHashes(photosDir)).toEqual(before);
  });

  it('Ctrl+Z after a classify-move puts every file back where it was', async () => {
    const before = await filesWithHashes(photosDir);
    const files = [...before.keys()].filter((file) => file.endsWith('.png') || file.endsWith('.jpg')).slice(0, 3);
    const moved = await lumenJson<ClassifyResponse>('classify', ...files, '--into', 'shapes', '--move', '--library', libraryDir);
    expect(moved.photos.every((photo) => photo.destination !== null)).toBe(true);
    for (const file of files) expect(existsSync(file)).toBe(false);

    // In the search field Ctrl+Z is the field's own; on the page it is the window's undo.
    await page.getByLabel('Search photos by what is in them').focus();
    await page.keyboard.press('Control+z');
    await page.locator('[data-grid]').focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByText('Put 3 photos back where they were.').isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await filesWithHashes(photosDir)).toEqual(before);
    await page.screenshot({ path: join(ARTIFACTS, '30-undo-toast.png') });

    await page.getByRole('button', { name: 'History', exact: true }).click();
    const panel = page.getByRole('dialog', { name: 'History' });
    const entries = panel.getByRole('listitem');
    await expect.poll(() => entries.count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => entries.nth(0).textContent()).toMatch(/^Moved 3 photos into "shapes" categories.*This change was undone\./);
    await expect.poll(() => entries.nth(1).textContent()).toMatch(/^Copied 1 photo into "shapes" categories.*This change was undone\./);
    await expect.poll(() => entries.nth(2).textContent()).toContain(`Added the folder ${photosDir} to the library.`);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, '31-history-panel.png') });
    await panel.getByRole('button', { name: 'Close' }).click();

    await page.locator('[data-grid]').focus();
    await page.keyboard.press('?');
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, '32-shortcuts-sheet.png') });
    await page.keyboard.press('Escape');
  });

  it('ran without script errors, policy violations or failed loads', () => {
    expect(pageErrors).toEqual([]);
  });
});
