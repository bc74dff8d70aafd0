/**
 * Editing and browsing categories, and filing by hand, in the real window (headless Chromium against
 * `lumen serve`, the demo model): add two categories, change one's description in its edit dialog,
 * file a selected photo into it from the selection bar, open it in the sidebar (its filed photo and
 * count, kept by the address across a reload). axe-core finds no serious or critical violation on
 * the edit dialog and the category's grid. Screenshots land in test-artifacts/ui/.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderShapePhoto } from '../support/independent-shapes-renderer';
import { axeViolations } from './support/axe-violations';
import { ensureBuiltWindow } from './support/built-window';
import { CHROMIUM_PATH } from './support/chromium';
import { openServedWindow, type ServedWindow } from './support/served-window';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'ui');
let served: ServedWindow | undefined;
let page: Page;
let photosDir: string;
const pageErrors: string[] = [];

/** The page global the address check reads: it runs in Chromium, while this file is type-checked for Node. */
declare const location: { hash: string };

describe.skipIf(!existsSync(CHROMIUM_PATH))('editing, browsing and filing into categories in Chromium, served by lumen serve', () => {
  beforeAll(async () => {
    ensureBuiltWindow();
    await mkdir(ARTIFACTS, { recursive: true });
    const base = await mkdtemp(join(tmpdir(), 'lumen-ui-categories-'));
    photosDir = join(base, 'Shapes');
    await mkdir(photosDir);
    const shapes = [
      ['red-circle.png', 'red', 'circle', 1],
      ['blue-square.png', 'blue', 'square', 2],
      ['green-star.png', 'green', 'star', 3],
    ] as const;
    for (const [name, color, shape, seed] of shapes)
      await writeFile(join(photosDir, name), (await renderShapePhoto({ color, shape, seed, format: 'png' })).data);
    served = await openServedWindow(join(base, 'library'), pageErrors);
    ({ page } = served);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  afterAll(async () => {
    await served?.close();
  });

  it('indexes a folder and adds two categories', async () => {
    await page.getByRole('button', { name: 'Add a folder' }).first().click();
    await page.getByLabel('Folder path on this computer').fill(photosDir);
    await page.getByRole('button', { name: 'Add and index' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'All photos · 3 photos' }).isVisible(), { timeout: 90_000 }).toBe(true);
    await page.getByRole('button', { name: 'Add a category' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a category' });
    await dialog.getByLabel('Category set').fill('kinds');
    for (const name of ['circle', 'square']) {
      await dialog.getByLabel('Category name').fill(name);
      await dialog.getByRole('button', { name: 'Add category' }).click();
      await expect.poll(() => dialog.getByRole('status').textContent()).toBe(`Added “${name}” to kinds.`);
    }
    await dialog.getByRole('button', { name: 'Done' }).click();
  });

  it("edits a category's description in its dialog", async () => {
    await page.getByRole('button', { name: 'Edit the category circle' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit the category circle' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByLabel(/^Descriptions/).fill('a round shape, a ring');
    await page.screenshot({ path: join(ARTIFACTS, 'category-edit.png') });
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    const circle = page.getByRole('list', { name: 'Categories of kinds' }).getByRole('button', { name: /^circle/ });
    await expect.poll(() => circle.getAttribute('title')).toBe('circle: a round shape, a ring');
  });

  it('files a selected photo into the category by hand, then shows it under the category, by its address too', async () => {
    await page.locator('#cell-0').click();
    const bar = page.getByRole('group', { name: 'Selected photos' });
    await bar.getByLabel('Category to file the selected photos into').selectOption({ label: 'circle' });
    await bar.getByRole('button', { name: 'File into' }).click();
    const results = page.getByRole('region', { name: 'Filed into “circle”' });
    await expect.poll(() => results.getByText(/Copied to circle\//).count(), { timeout: 30_000 }).toBe(1);
    const circle = page.getByRole('list', { name: 'Categories of kinds' }).getByRole('button', { name: /^circle/ });
    await expect.poll(() => circle.textContent()).toMatch(/circle\s*1$/);

    await circle.click();
    await expect.poll(() => page.getByRole('heading', { name: 'Filed in “circle” (kinds) · 1 photo' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => location.hash)).toBe('#/photos?set=kinds&category=circle');
    await page.screenshot({ path: join(ARTIFACTS, 'category-browse.png') });
    expect(await axeViolations(page)).toEqual([]);
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'Filed in “circle” (kinds) · 1 photo' }).isVisible(), { timeout: 30_000 }).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
