/**
 * The real window in headless Chromium against `lumen serve` (a separate process, real services,
 * the bundled demo model): add a folder, follow indexing to the end, search and find the right
 * photo first, open the viewer and step through it, "more like this", the errors view, settings
 * and the dark theme. Screenshots land in test-artifacts/ui/ for people to look at.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderShapesSet } from '../support/independent-shapes-renderer';
import { ensureBuiltWindow } from './support/built-window';
import { CHROMIUM_PATH } from './support/chromium';
import type { ServeProcess } from './support/serve-process';
import { openServedWindow, type ServedWindow } from './support/served-window';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'ui');
let served: ServedWindow | undefined;
let serve: ServeProcess;
let browser: BrowserContext;
let page: Page;
let photosDir: string;
let labels: Map<string, string>;
const pageErrors: string[] = [];

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

function labelOfCell(fileShown: string | null): string | undefined {
  return fileShown ? labels.get(join(photosDir, fileShown)) : undefined;
}

/**
 * The grid holds every photo of the view: the virtual grid renders only the rows in sight (fewer when a notice
 * takes height), so the count comes from the cells' set size and the last cell is reached by scrolling.
 */
async function expectGridHolds(total: number): Promise<void> {
  await expect.poll(() => page.locator('#cell-0').getAttribute('aria-setsize')).toBe(String(total));
  const grid = page.locator('[data-grid]');
  await grid.evaluate((scroller) => (scroller.scrollTop = scroller.scrollHeight));
  await expect.poll(() => page.locator(`#cell-${total - 1}`).isVisible()).toBe(true);
  await grid.evaluate((scroller) => (scroller.scrollTop = 0));
  await expect.poll(() => page.locator('#cell-0').isVisible()).toBe(true);
}

describe.skipIf(!existsSync(CHROMIUM_PATH))('the window in Chromium, served by lumen serve', () => {
  beforeAll(async () => {
    ensureBuiltWindow();
    await mkdir(ARTIFACTS, { recursive: true });
    const base = await mkdtemp(join(tmpdir(), 'lumen-ui-'));
    photosDir = join(base, 'Shapes');
    const manifest = await renderShapesSet(photosDir, { perPair: 1, seed: 424242 });
    labels = new Map(manifest.map((m) => [m.file, `${m.color} ${m.shape}`]));
    // One file that only looks like a photo, for the errors view.
    await writeFile(join(photosDir, 'broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a]));
    served = await openServedWindow(join(base, 'library'), pageErrors);
    ({ serve, browser, page } = served);
  });

  afterAll(async () => {
    await served?.close();
  });

  it('opens from the printed address, which leaves the token in an HttpOnly cookie and not in the address bar', async () => {
    expect(new URL(serve.url).searchParams.get('token')).toMatch(/^[\w-]{32,}$/);
    expect(page.url()).toBe(`${new URL(serve.url).origin}/`);
    expect(await page.evaluate('document.cookie')).toBe('');
    const cookies = await browser.cookies(new URL(serve.url).origin);
    expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite])).toEqual([[`lumen-token-${new URL(serve.url).port}`, true, 'Strict']]);
  });

  it('starts empty and invites adding a folder', async () => {
    await expect.poll(() => page.getByRole('heading', { name: 'Find photos by what is in them' }).isVisible()).toBe(true);
    await shot('01-empty-library');
  });

  it('adds a folder and shows indexing progress until every photo is in', async () => {
    await page.getByRole('button', { name: 'Add a folder' }).first().click();
    await page.getByLabel('Folder path on this computer').fill(photosDir);
    await page.getByRole('button', { name: 'Add and index' }).click();
    // The folder appears in the sidebar with its progress, once the first call has opened the
    // library and its model (seconds on a busy 2-core machine, hence the timeout).
    await expect.poll(() => page.getByRole('button', { name: /^Shapes/ }).isVisible(), { timeout: 20_000 }).toBe(true);
    const bar = page.getByRole('progressbar', { name: 'Indexing Shapes' }).first();
    if (await bar.isVisible()) await shot('02-indexing');
    await expect.poll(() => page.getByRole('progressbar').count(), { timeout: 90_000 }).toBe(0);
    await expect.poll(() => page.getByRole('heading', { name: 'All photos · 32 photos' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await expectGridHolds(32);
    await expect
      .poll(() => page.locator('[role=option] img').evaluateAll((imgs) => imgs.every((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0)))
      .toBe(true);
    await shot('03-library');
  });

  it('searches as you type and ranks the matching photo first', async () => {
    const search = page.getByLabel('Search photos by what is in them');
    await search.pressSequentially('a blue star', { delay: 30 });
    await expect.poll(() => page.getByRole('heading', { name: /^“a blue star” · \d+ results?$/ }).isVisible()).toBe(true);
    expect(labelOfCell(await page.locator('#cell-0 .caption').textContent())).toBe('blue star');
    await search.fill('');
    await search.pressSequentially('green circle', { delay: 30 });
    await expect.poll(() => page.getByRole('heading', { name: /^“green circle”/ }).isVisible()).toBe(true);
    await expect.poll(async () => labelOfCell(await page.locator('#cell-0 .caption').textContent())).toBe('green circle');
    await shot('04-search-results');
  });

  it('narrows results to one file type with a filter chip', async () => {
    await page.getByRole('group', { name: 'Filters' }).getByRole('button', { name: 'PNG' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: /^“green circle” · (\d+ results?|No close matches — showing the nearest \d+)$/ }).isVisible())
      .toBe(true);
    await expect
      .poll(async () => {
        const names = await page.locator('[role=option] .caption').allTextContents();
        return names.length > 0 && names.every((name) => name.endsWith('.png'));
      })
      .toBe(true);
    await shot('04b-search-filtered-png');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(async () => labelOfCell(await page.locator('#cell-0 .caption').textContent())).toBe('green circle');
  });

  it('opens the viewer from the keyboard, with details and similar photos, and steps through results', async () => {
    // One photo per colour and shape: the close match alone is shown until the rest are asked for.
    await page.getByRole('button', { name: /^Show \d+ more, less alike$/ }).click();
    await page.getByLabel('Search photos by what is in them').press('ArrowDown');
    await page.keyboard.press('Enter');
    const viewer = page.getByRole('dialog', { name: /^Photo viewer: img-/ });
    await expect.poll(() => viewer.isVisible()).toBe(true);
    await expect.poll(() => viewer.getByRole('heading', { level: 2 }).textContent()).toMatch(/^img-/);
    const firstName = await viewer.getByRole('heading', { level: 2 }).textContent();
    expect(labelOfCell(firstName)).toBe('green circle');
    await expect.poll(() => viewer.getByRole('list', { name: 'Similar photos' }).getByRole('listitem').count()).toBe(12);
    await expect.poll(() => viewer.locator('img.photo').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await shot('05-viewer');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => viewer.getByRole('heading', { level: 2 }).textContent()).not.toBe(firstName);
    await page.keyboard.press('Escape');
    await expect.poll(() => viewer.isVisible()).toBe(false);
  });

  it('finds more like a photo', async () => {
    await page.locator('#cell-0').dblclick();
    await page.getByRole('button', { name: 'More like this' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: /^Photos like this one · (\d+ results?|No close matches — showing the nearest \d+)$/ }).isVisible())
      .toBe(true);
    expect(await page.getByRole('button', { name: /^Stop searching like img-/ }).isVisible()).toBe(true);
    await shot('06-more-like-this');
    await page.getByRole('button', { name: 'Clear search' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'All photos · 32 photos' }).isVisible()).toBe(true);
  });

  it('lists the unreadable file with its reason', async () => {
    await page.getByRole('button', { name: /Unreadable files/ }).click();
    await expect.poll(() => page.getByRole('cell', { name: /broken\.jpg/ }).isVisible()).toBe(true);
    await shot('07-unreadable-files');
  });

  it('switches to the dark theme from settings and keeps it after a reload', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect.poll(() => page.getByText('shapes-lit').first().isVisible()).toBe(true);
    await page.getByText('Dark', { exact: true }).click();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    // Let the colour transitions finish, so the picture shows the theme and not a blend.
    await page.waitForTimeout(400);
    await shot('08-settings-dark');
    await page.reload();
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark');
    // The address keeps the view: the reload opens Settings again.
    await expect.poll(() => page.getByRole('heading', { name: 'Settings', level: 1 }).isVisible()).toBe(true);
    await page.getByRole('button', { name: /^All photos/ }).click();
    await expectGridHolds(32);
    await page.getByLabel('Search photos by what is in them').fill('red');
    await expect.poll(() => page.getByRole('heading', { name: /^“red” · \d+ results?$/ }).isVisible()).toBe(true);
    // "red" has only a few close matches (the shapes set holds one photo per colour and shape): select the first three.
    await expect.poll(() => page.locator('#cell-2').isVisible()).toBe(true);
    await page.locator('#cell-0').click();
    await page.locator('#cell-2').click({ modifiers: ['Shift'] });
    await expect.poll(() => page.getByText('3 selected').isVisible()).toBe(true);
    await shot('09-dark-search-selection');
  });

  it('removes the folder and its photos from the library', async () => {
    await page.getByRole('button', { name: 'Remove Shapes from the library' }).click({ force: true });
    await expect.poll(() => page.getByRole('heading', { name: 'Find photos by what is in them' }).isVisible()).toBe(true);
  });

  it('ran without script errors, policy violations or failed loads', () => {
    expect(pageErrors).toEqual([]);
  });
});
