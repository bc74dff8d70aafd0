/**
 * The library views in headless Chromium against `lumen serve`: a library folder with subfolders,
 * the same photo three times and two photos with GPS (Lisbon, Tokyo). The folder tree opens from the
 * keyboard and narrows the grid to a subfolder (kept in the address); Duplicates shows the three
 * copies with the first suggested, moves the other two to a folder outside the library after a
 * confirmation and puts them back with Undo; Places draws the offline map with a dot per place and
 * a dot or a place of the list narrows the grid. axe-core finds no serious or critical violation on
 * either view or the tree, in both themes. Screenshots land in test-artifacts/ui/.
 */
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderShapePhoto } from '../support/independent-shapes-renderer';
import { ensureBuiltWindow } from './support/built-window';
import { CHROMIUM_PATH } from './support/chromium';
import { openServedWindow, type ServedWindow } from './support/served-window';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'ui');
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'metadata');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The browser globals the page functions below use: they run in Chromium, while this file is type-checked for Node. */
declare const window: object;
declare const document: unknown;
declare const location: { hash: string };

interface AxeWindow {
  axe: { run(context: unknown, options: object): Promise<{ violations: Array<{ id: string; impact?: string | null; nodes: Array<{ target: unknown[] }> }> }> };
}

let served: ServedWindow | undefined;
let page: Page;
let base: string;
let photosDir: string;
const pageErrors: string[] = [];

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** Serious and critical axe-core violations, as "rule: element". */
async function axeViolations(): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const result = await (window as unknown as AxeWindow).axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  });
}

async function inBothThemes(check: () => Promise<void>): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.waitForTimeout(150);
    await check();
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

describe.skipIf(!existsSync(CHROMIUM_PATH))('duplicates, the folder tree and places in Chromium, served by lumen serve', () => {
  beforeAll(async () => {
    ensureBuiltWindow();
    await mkdir(ARTIFACTS, { recursive: true });
    base = await mkdtemp(join(tmpdir(), 'lumen-library-views-'));
    photosDir = join(base, 'Photos');
    const beach = await renderShapePhoto({ color: 'blue', shape: 'star', seed: 4242, format: 'jpg' });
    const other = await renderShapePhoto({ color: 'red', shape: 'circle', seed: 4343, format: 'jpg' });
    for (const folder of ['Trips/2024', 'Backup', 'Places']) await mkdir(join(photosDir, folder), { recursive: true });
    await writeFile(join(photosDir, 'Trips', '2024', 'beach.jpg'), beach.data);
    await writeFile(join(photosDir, 'Trips', '2024', 'beach copy.jpg'), beach.data);
    await writeFile(join(photosDir, 'Backup', 'beach.jpg'), beach.data);
    await writeFile(join(photosDir, 'Trips', '2024', 'circle.jpg'), other.data);
    await copyFile(join(FIXTURES, 'lisbon-exif-gps.jpg'), join(photosDir, 'Places', 'lisbon.jpg'));
    await copyFile(join(FIXTURES, 'tokyo-xmp-only.jpg'), join(photosDir, 'Places', 'tokyo.jpg'));
    served = await openServedWindow(join(base, 'library'), pageErrors);
    ({ page } = served);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  afterAll(async () => {
    await served?.close();
  });

  it('indexes the folder', async () => {
    await expect.poll(() => page.getByRole('button', { name: 'Add a folder' }).first().isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByRole('button', { name: 'Add a folder' }).first().click();
    await page.getByLabel('Folder path on this computer').fill(photosDir);
    await page.getByRole('button', { name: 'Add and index' }).click();
    await expect.poll(() => page.getByRole('progressbar').count(), { timeout: 120_000 }).toBe(0);
    // The two copies with the same bytes in one library folder are one photo in the grid.
    await expect.poll(() => page.getByRole('heading', { name: 'All photos · 4 photos' }).isVisible(), { timeout: 60_000 }).toBe(true);
  });

  it('opens the folder tree from the keyboard and shows a subfolder, kept in the address', async () => {
    const expand = page.getByRole('button', { name: 'Show the subfolders of Photos' });
    await expect.poll(() => expand.isVisible(), { timeout: 20_000 }).toBe(true);
    await expand.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('button', { name: 'Hide the subfolders of Photos' }).getAttribute('aria-expanded')).toBe('true');
    const sidebar = page.getByRole('navigation', { name: 'Library' });
    // Which of the three copies the grid shows (the others are folded under it) depends on the order they were indexed in.
    await expect.poll(() => sidebar.getByRole('button', { name: /^Trips [12] photos?$/ }).isVisible()).toBe(true);
    expect(await sidebar.getByRole('button', { name: 'Places 2 photos' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Show the subfolders of Trips' }).click();
    // A row under the pointer shows its tools over its count; the counts are read with the pointer away.
    await page.mouse.move(900, 500);
    const year = sidebar.getByRole('button', { name: /^2024 [12] photos?$/ });
    await year.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { name: /^2024 · [12] photos?$/ }).isVisible()).toBe(true);
    expect(await year.getAttribute('aria-current')).toBe('page');
    expect(await page.locator('.caption').allTextContents()).toContain('circle.jpg');
    expect(decodeURIComponent(await page.evaluate(() => location.hash))).toContain(`folder=${join(photosDir, 'Trips', '2024')}`);
    await shot('library-views-01-folder-tree');
    await inBothThemes(async () => expect(await axeViolations()).toEqual([]));
    // The address opens the same subfolder after a reload.
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: /^2024 · [12] photos?$/ }).isVisible(), { timeout: 20_000 }).toBe(true);
  });

  it('shows the duplicates side by side, moves the extra copies out after a confirmation, and puts them back', async () => {
    await page.getByRole('button', { name: 'Duplicates', exact: true }).click();
    const group = page.getByRole('list', { name: 'Group 1: 3 copies, the same file' });
    await expect.poll(() => group.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await group.getByText('Suggested to keep').count()).toBe(1);
    expect(await group.getByRole('checkbox').count()).toBe(2);
    await inBothThemes(async () => expect(await axeViolations()).toEqual([]));
    await shot('library-views-02-duplicates');

    const aside = join(base, 'Set aside');
    await page.getByLabel('Move the ticked copies to this folder (outside the library)').fill(aside);
    await page.getByRole('button', { name: 'Move 2 copies…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Move 2 copies out of the library?' });
    await expect.poll(() => confirm.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    const outcome = page.getByRole('status', { name: 'Last move' });
    await expect.poll(() => outcome.getByRole('listitem').count(), { timeout: 20_000 }).toBe(2);
    expect(readFileSync(join(aside, 'beach copy.jpg')).length).toBeGreaterThan(0);
    expect(existsSync(join(photosDir, 'Backup', 'beach.jpg')) || existsSync(join(photosDir, 'Trips', '2024', 'beach.jpg'))).toBe(true);
    await expect.poll(() => page.getByText('No near-identical photos: every photo in the library is different.').isVisible()).toBe(true);
    await shot('library-views-03-duplicates-moved');
    await inBothThemes(async () => expect(await axeViolations()).toEqual([]));

    await outcome.getByRole('button', { name: 'Undo: put them back' }).click();
    await expect.poll(() => page.getByText('Put 2 photos back where they were.').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(existsSync(join(aside, 'beach copy.jpg'))).toBe(false);
    expect(existsSync(join(photosDir, 'Trips', '2024', 'beach copy.jpg'))).toBe(true);
    // Looking through the folder again finds them: the group is back.
    await expect.poll(() => group.isVisible(), { timeout: 60_000 }).toBe(true);
  });

  it('draws the offline map with a dot per place, and a dot or a place narrows the grid', async () => {
    await page.getByRole('button', { name: 'Places', exact: true }).click();
    await expect
      .poll(() => page.getByText('2 photos with a GPS position. Choose a dot or a place to see its photos.').isVisible(), { timeout: 20_000 })
      .toBe(true);
    const dots = page.getByRole('button', { name: 'Show the 1 photo taken here' });
    await expect.poll(() => dots.count()).toBe(2);
    expect(await page.locator('.stage path.land').evaluate((path) => (path.getAttribute('d') ?? '').length)).toBeGreaterThan(10_000);
    await inBothThemes(async () => expect(await axeViolations()).toEqual([]));
    await shot('library-views-04-places');

    // Zoom in from the keyboard: the map grows about its centre, the dots stay dots.
    await page.getByRole('group', { name: /^World map/ }).focus();
    await page.keyboard.press('+');
    await expect.poll(() => page.getByRole('button', { name: 'Whole world' }).isEnabled()).toBe(true);
    await page.keyboard.press('0');

    // The westernmost dot is Lisbon.
    const boxes = await dots.evaluateAll((nodes) => nodes.map((n) => (n as unknown as { getBoundingClientRect(): { x: number } }).getBoundingClientRect().x));
    const west = boxes.indexOf(Math.min(...boxes));
    await dots.nth(west).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { name: 'Taken in the chosen part of the map · 1 photo' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => location.hash)).toContain('area=');
    expect(await page.locator('#cell-0 .caption').textContent()).toBe('lisbon.jpg');
    await shot('library-views-05-map-area');

    await page.goBack();
    await expect.poll(() => page.getByRole('navigation', { name: 'By place' }).isVisible()).toBe(true);
    const places = page.getByRole('navigation', { name: 'By place' }).getByRole('button');
    expect(await places.count()).toBe(2);
    const tokyo = places.filter({ hasText: 'Japan' });
    await tokyo.click();
    await expect.poll(() => page.getByRole('heading', { name: /^Taken in .+ · 1 photo$/ }).isVisible()).toBe(true);
    expect(await page.locator('#cell-0 .caption').textContent()).toBe('tokyo.jpg');
  });

  it('ran without script errors, policy violations or failed loads', () => {
    expect(pageErrors).toEqual([]);
  });
});
