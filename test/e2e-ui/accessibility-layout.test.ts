/**
 * The main screens in headless Chromium against `lumen serve`, in the light and the dark theme:
 * axe-core finds no serious or critical violation; at 800×600 the sidebar folds behind a button and the
 * heading keeps one line beside a selection; at 1280 px "Suggest photos" keeps one line; no screen is
 * wider than the window; the viewer keeps Tab inside and gives focus back to the grid; the address keeps
 * the view over a reload. Screenshots of every screen at 800×600, 1280×800 and 1920×1080 in both themes
 * land in test-artifacts/screens/ (not committed).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderShapesSet } from '../support/independent-shapes-renderer';
import { ensureBuiltWindow } from './support/built-window';
import { CHROMIUM_PATH, launchChromium } from './support/chromium';
import { startServe, type ServeProcess } from './support/serve-process';
import { axeViolations as axeViolationsOn, type AxeViolation } from './support/axe-violations';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'screens');
const VIEWPORTS = [
  { width: 800, height: 600 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];
const SCREENS = ['library', 'search', 'viewer', 'autotag', 'duplicates', 'places', 'settings', 'errors'] as const;
type Screen = (typeof SCREENS)[number];

/** The browser globals the page functions below use: they run in Chromium, while this file is type-checked for Node. */
declare const window: { innerWidth: number };
declare const document: {
  documentElement: { scrollWidth: number };
  activeElement: { closest(selector: string): unknown; getAttribute(name: string): string | null } | null;
};
declare const location: { hash: string };
declare function getComputedStyle(element: unknown): { lineHeight: string };

let serve: ServeProcess;
let browser: BrowserContext;
let page: Page;
let origin: string;
let photosDir: string;
const pageErrors: string[] = [];

/** Serious and critical axe-core violations on the page as it is now. */
function axeViolations(): Promise<AxeViolation[]> {
  return axeViolationsOn(page);
}

/** Every screen is reached by its address, as Back, Forward and bookmarks do. */
async function show(screen: Screen): Promise<void> {
  const go = (hash: string): Promise<unknown> => page.evaluate((h) => (location.hash = h), hash);
  await page.keyboard.press('Escape');
  if (screen === 'library' || screen === 'viewer') await go('#/photos');
  else if (screen === 'search') await go('#/photos?q=a+red+circle');
  else await go(`#/${screen}`);
  if (screen === 'library') await expect.poll(() => page.getByRole('heading', { name: /^All photos · \d+ photos$/ }).isVisible()).toBe(true);
  if (screen === 'search') await expect.poll(() => page.getByRole('heading', { level: 1, name: /^“a red circle” · / }).isVisible()).toBe(true);
  if (screen === 'viewer') {
    await expect.poll(() => page.locator('#cell-0').isVisible()).toBe(true);
    await page.locator('#cell-0').dblclick();
    await expect.poll(() => page.locator('.viewer img.photo').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
  }
  if (screen === 'autotag') await expect.poll(() => page.getByRole('heading', { name: 'Auto-tag', level: 1 }).isVisible()).toBe(true);
  if (screen === 'duplicates') await expect.poll(() => page.getByRole('heading', { name: 'Duplicates', level: 1 }).isVisible()).toBe(true);
  if (screen === 'places') await expect.poll(() => page.getByRole('heading', { name: 'Places', level: 1 }).isVisible()).toBe(true);
  if (screen === 'settings') await expect.poll(() => page.getByText('shapes-lit').first().isVisible()).toBe(true);
  if (screen === 'errors') await expect.poll(() => page.getByRole('cell', { name: /broken\.jpg/ }).isVisible()).toBe(true);
  // Let transitions end, so measurements and pictures show the screen at rest.
  await page.waitForTimeout(250);
}

/** How much wider than the window the page is (0 when nothing sticks out). */
function overflow(): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

describe.skipIf(!existsSync(CHROMIUM_PATH))('the main screens in Chromium: accessibility and layout', () => {
  beforeAll(async () => {
    ensureBuiltWindow();
    await mkdir(ARTIFACTS, { recursive: true });
    const base = await mkdtemp(join(tmpdir(), 'lumen-a11y-'));
    photosDir = join(base, 'Shapes');
    await renderShapesSet(photosDir, { perPair: 1, seed: 77 });
    await writeFile(join(photosDir, 'broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a]));
    serve = await startServe(join(base, 'library'));
    origin = new URL(serve.url).origin;
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(serve.url);
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('has no serious or critical axe-core violation on the empty library, then indexes a folder', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect.poll(() => page.getByRole('heading', { name: 'Find photos by what is in them' }).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await axeViolations()).toEqual([]);
    await page.getByRole('button', { name: 'Add a folder' }).first().click();
    await page.getByLabel('Folder path on this computer').fill(photosDir);
    await page.getByRole('button', { name: 'Add and index' }).click();
    await expect.poll(() => page.getByRole('button', { name: /^Shapes/ }).isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByRole('progressbar').count(), { timeout: 120_000 }).toBe(0);
    await expect.poll(() => page.getByRole('heading', { name: 'All photos · 32 photos' }).isVisible()).toBe(true);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`has no serious or critical axe-core violation on any main screen (${theme})`, async () => {
      await page.emulateMedia({ colorScheme: theme });
      await page.setViewportSize({ width: 1280, height: 800 });
      const found: Record<string, AxeViolation[]> = {};
      for (const screen of SCREENS) {
        await show(screen);
        const violations = await axeViolations();
        if (violations.length > 0) found[screen] = violations;
      }
      expect(found).toEqual({});
    });
  }

  it('at 800×600 folds the sidebar behind a button that opens and closes it', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 800, height: 600 });
    await show('library');
    expect(await page.locator('#sidebar').isVisible()).toBe(false);
    const toggle = page.getByRole('button', { name: 'Show the sidebar' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    await expect.poll(() => page.getByRole('navigation', { name: 'Library' }).isVisible()).toBe(true);
    const sidebar = await page.locator('#sidebar').boundingBox();
    expect(sidebar?.width).toBeLessThan(400);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#sidebar').isVisible()).toBe(false);
    // Choosing a place in it closes it too.
    await page.getByRole('button', { name: 'Show the sidebar' }).click();
    await page.getByRole('button', { name: /^Shapes/ }).click();
    await expect.poll(() => page.getByRole('heading', { name: /^Shapes · / }).isVisible()).toBe(true);
    expect(await page.locator('#sidebar').isVisible()).toBe(false);
  });

  it('at 800×600 keeps the heading on one line beside a selection and its tools', async () => {
    await page.setViewportSize({ width: 800, height: 600 });
    await show('library');
    await page.locator('#cell-0').click();
    await page.locator('#cell-2').click({ modifiers: ['Shift'] });
    await expect.poll(() => page.getByText('3 selected').isVisible()).toBe(true);
    const heading = page.getByRole('heading', { level: 1 });
    const lines = await heading.evaluate((h) => h.getBoundingClientRect().height / parseFloat(getComputedStyle(h).lineHeight));
    expect(lines).toBeLessThan(1.5);
    expect(await heading.evaluate((h) => h.scrollWidth <= h.clientWidth)).toBe(true);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.keyboard.press('Escape');
  });

  it('at 1280 px keeps "Suggest photos" on one line', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await show('autotag');
    const button = page.getByRole('button', { name: 'Suggest photos' });
    const lines = await button.evaluate((b) => b.getBoundingClientRect().height / (parseFloat(getComputedStyle(b).lineHeight) + 16));
    expect(lines).toBeLessThan(1.5);
    expect(await button.evaluate((b) => b.scrollWidth <= b.clientWidth)).toBe(true);
  });

  it('no screen is wider than the window at any size, Settings included', async () => {
    const wide: string[] = [];
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      for (const screen of SCREENS) {
        await show(screen);
        const extra = await overflow();
        if (extra > 0) wide.push(`${screen} at ${viewport.width}: ${extra}px`);
      }
    }
    expect(wide).toEqual([]);
    const settings = page.locator('section[aria-labelledby="settings-title"]');
    await page.setViewportSize({ width: 800, height: 600 });
    await show('settings');
    expect(await settings.evaluate((s) => s.scrollWidth - s.clientWidth)).toBeLessThanOrEqual(0);
  });

  it('keeps Tab inside the viewer and gives focus back to the grid on Escape', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await show('library');
    await page.locator('#cell-1').click();
    await page.keyboard.press('Enter');
    const viewer = page.getByRole('dialog', { name: /^Photo viewer: / });
    await expect.poll(() => viewer.isVisible()).toBe(true);
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('dialog.viewer') !== null)).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => viewer.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('listbox');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-activedescendant'))).toBe('cell-1');
  });

  it('keeps the search and the open photo over a reload, and Back closes the viewer', async () => {
    await show('search');
    await page.locator('#cell-0').dblclick();
    const viewer = page.getByRole('dialog', { name: /^Photo viewer: / });
    await expect.poll(() => viewer.isVisible()).toBe(true);
    const name = await viewer.getAttribute('aria-label');
    expect(page.url()).toMatch(/#\/photos\?q=a\+red\+circle&photo=\d+$/);
    await page.reload();
    await expect.poll(() => page.getByRole('dialog', { name: name ?? '' }).isVisible()).toBe(true);
    expect(await page.getByLabel('Search photos by what is in them').inputValue()).toBe('a red circle');
    await page.goBack();
    await expect.poll(() => viewer.isVisible()).toBe(false);
    expect(page.url()).toBe(`${origin}/#/photos?q=a+red+circle`);
  });

  it('asks for thumbnails that cover the cells: 320 px at 1×, 640 px on a 2× display', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await show('library');
    const kinds = (p: Page): Promise<string[]> =>
      p.locator('[role=option] img').evaluateAll((imgs) => imgs.map((img) => new URL((img as unknown as { src: string }).src).pathname.split('/')[2] ?? ''));
    expect(new Set(await kinds(page))).toEqual(new Set(['thumbnail']));

    const hiDpi = await launchChromium({ deviceScaleFactor: 2 });
    try {
      const sharp = await hiDpi.newPage();
      await sharp.setViewportSize({ width: 1280, height: 800 });
      await sharp.goto(serve.url);
      await expect.poll(() => sharp.locator('[role=option] img').count()).toBeGreaterThan(0);
      expect(new Set(await kinds(sharp))).toEqual(new Set(['thumbnail-640']));
      // The shapes are 200–1200 px wide: the wide ones now arrive with more than 320 px.
      const widest = (): Promise<number> =>
        sharp.locator('[role=option] img').evaluateAll((imgs) => Math.max(...imgs.map((img) => (img as unknown as { naturalWidth: number }).naturalWidth)));
      await expect.poll(widest).toBeGreaterThan(320);
    } finally {
      await hiDpi.close();
    }
  });

  it('captures every main screen at three sizes in both themes', async () => {
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      for (const viewport of VIEWPORTS) {
        await page.setViewportSize(viewport);
        for (const screen of SCREENS) {
          await show(screen);
          await page.screenshot({ path: join(ARTIFACTS, `${screen}-${viewport.width}x${viewport.height}-${theme}.png`) });
        }
      }
    }
  });

  it('ran without script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
