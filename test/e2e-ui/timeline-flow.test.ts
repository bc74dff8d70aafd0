/**
 * The timeline in headless Chromium against `lumen serve`: photos whose names carry their capture
 * time (as phones name them) are indexed, the grid shows month headings newest first, then day
 * headings, then the oldest first; the scrubber beside it jumps through the years from the
 * keyboard and the pointer; the viewer says which photo of how many is open. Screenshots land in
 * test-artifacts/ui/.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLORS, renderShapePhoto, SHAPES } from '../support/independent-shapes-renderer';
import { ensureBuiltWindow } from './support/built-window';
import { CHROMIUM_PATH } from './support/chromium';
import { openServedWindow, type ServedWindow } from './support/served-window';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'ui');
let served: ServedWindow | undefined;
let page: Page;
let photosDir: string;
const pageErrors: string[] = [];

// Capture times as a phone writes them in file names: three months over three years, several days in July 2024.
const TIMES = [
  '20240714_183005',
  '20240714_090000',
  '20240714_070000',
  '20240702_120000',
  '20240702_110000',
  '20240701_080000',
  '20231231_235900',
  '20231224_180000',
  '20231224_170000',
  '20231203_100000',
  '20220305_101010',
  '20220305_090000',
  '20220301_120000',
  '20220301_110000',
];

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

const headings = (): Promise<string[]> => page.locator('.date-heading').evaluateAll((nodes) => nodes.map((n) => n.textContent?.trim() ?? ''));
/** The file name a cell shows (its accessible name starts with it). */
const cellName = (index: number): Promise<string | null> => page.locator(`#cell-${index} .caption`).textContent();

describe.skipIf(!existsSync(CHROMIUM_PATH))('the timeline in Chromium, served by lumen serve', () => {
  beforeAll(async () => {
    ensureBuiltWindow();
    await mkdir(ARTIFACTS, { recursive: true });
    const base = await mkdtemp(join(tmpdir(), 'lumen-timeline-'));
    photosDir = join(base, 'Camera');
    await mkdir(photosDir, { recursive: true });
    for (const [i, time] of TIMES.entries()) {
      const photo = await renderShapePhoto({
        color: COLORS[i % COLORS.length] ?? 'red',
        shape: SHAPES[i % SHAPES.length] ?? 'circle',
        seed: 9000 + i,
        format: 'jpg',
      });
      await writeFile(join(photosDir, `IMG_${time}.jpg`), photo.data);
    }
    served = await openServedWindow(join(base, 'library'), pageErrors);
    ({ page } = served);
  });

  afterAll(async () => {
    await served?.close();
  });

  it('indexes the folder and groups its photos by month, newest first', async () => {
    await expect.poll(() => page.getByRole('button', { name: 'Add a folder' }).first().isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByRole('button', { name: 'Add a folder' }).first().click();
    await page.getByLabel('Folder path on this computer').fill(photosDir);
    await page.getByRole('button', { name: 'Add and index' }).click();
    await expect.poll(() => page.getByRole('heading', { name: `All photos · ${TIMES.length} photos` }).isVisible(), { timeout: 120_000 }).toBe(true);
    await expect.poll(() => page.getByRole('progressbar').count(), { timeout: 90_000 }).toBe(0);
    await expect.poll(headings).toEqual(['July 2024', 'December 2023', 'March 2022']);
    expect(await cellName(0)).toBe('IMG_20240714_183005.jpg');
    await shot('timeline-01-months');
  });

  it('shows a heading per day on request, and the oldest first', async () => {
    await page.getByText(/^Sort: /).click();
    await page.getByRole('radio', { name: 'Days' }).check();
    await expect.poll(async () => (await headings()).slice(0, 3)).toEqual(['Sun, 14 July 2024', 'Tue, 2 July 2024', 'Mon, 1 July 2024']);
    await shot('timeline-02-days');
    await page.getByRole('radio', { name: 'Date taken, oldest first' }).check();
    await expect.poll(() => cellName(0)).toBe('IMG_20220301_110000.jpg');
    await expect.poll(async () => (await headings())[0]).toBe('Tue, 1 March 2022');
    await page.getByRole('radio', { name: 'File name' }).check();
    await expect.poll(headings).toEqual([]);
    expect(await page.getByRole('slider', { name: 'Timeline' }).count()).toBe(0);
    await page.getByRole('radio', { name: 'Date taken, newest first' }).check();
    await page.keyboard.press('Escape');
    await expect.poll(() => cellName(0)).toBe('IMG_20240714_183005.jpg');
  });

  it('jumps through the years with the scrubber, from the keyboard and the pointer', async () => {
    // A small window, so the days do not all fit and there is somewhere to jump to.
    await page.setViewportSize({ width: 800, height: 600 });
    const scrubber = page.getByRole('slider', { name: 'Timeline' });
    await expect.poll(() => scrubber.getAttribute('aria-valuetext')).toBe('Sun, 14 July 2024');
    await scrubber.focus();
    await page.keyboard.press('End');
    await expect.poll(() => scrubber.getAttribute('aria-valuetext')).not.toBe('Sun, 14 July 2024');
    expect(await page.locator('[data-grid]').evaluate((grid) => grid.scrollTop)).toBeGreaterThan(0);
    await shot('timeline-03-scrubbed-to-the-end-800x600');
    await page.keyboard.press('Home');
    await expect.poll(() => scrubber.getAttribute('aria-valuetext')).toBe('Sun, 14 July 2024');
    await page.keyboard.press('PageDown');
    await expect.poll(() => scrubber.getAttribute('aria-valuetext')).toMatch(/2023$/);
    // A click at the bottom of the track goes to the oldest photos.
    const box = await scrubber.boundingBox();
    if (!box) throw new Error('the scrubber has no box');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height - 2);
    await expect.poll(() => scrubber.getAttribute('aria-valuetext')).toMatch(/2022$/);
    await page.setViewportSize({ width: 1360, height: 860 });
  });

  it('says which photo of how many the viewer shows', async () => {
    await page.locator('[data-grid]').evaluate((grid) => (grid.scrollTop = 0));
    await page.locator('#cell-1').dblclick();
    const viewer = page.getByRole('dialog', { name: 'Photo viewer: IMG_20240714_090000.jpg' });
    await expect.poll(() => viewer.isVisible()).toBe(true);
    expect(await viewer.getByText(`2 of ${TIMES.length}`).isVisible()).toBe(true);
    await page.keyboard.press('ArrowRight');
    // The dialog is named after the photo it shows, so after the step it has the next one's name.
    const stepped = page.getByRole('dialog', { name: 'Photo viewer: IMG_20240714_070000.jpg' });
    await expect.poll(() => stepped.getByText(`3 of ${TIMES.length}`).isVisible()).toBe(true);
    await shot('timeline-04-viewer-position');
    await page.keyboard.press('Escape');
  });

  it('marks a favourite with stars, turns and zooms the photo, tags it, and filters the grid to favourites', async () => {
    await page.locator('#cell-2').dblclick();
    const viewer = page.getByRole('dialog', { name: 'Photo viewer: IMG_20240714_070000.jpg' });
    await expect.poll(() => viewer.isVisible()).toBe(true);
    await page.keyboard.press('.');
    await page.keyboard.press('4');
    await expect.poll(() => viewer.getByRole('button', { name: 'Favourite' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => viewer.getByRole('button', { name: '4 stars' }).getAttribute('aria-pressed')).toBe('true');
    await viewer.getByRole('button', { name: 'Rotate' }).click();
    await expect
      .poll(() =>
        viewer.getByRole('img', { name: 'IMG_20240714_070000.jpg' }).evaluate((img) => (img as unknown as { style: { transform: string } }).style.transform),
      )
      .toContain('rotate(90deg)');
    await page.keyboard.press('+');
    await expect.poll(() => viewer.getByRole('status', { name: 'Zoom level' }).textContent()).toBe('125%');
    await viewer.getByRole('textbox', { name: 'Add a tag to this photo' }).fill('sunrise');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => viewer.getByRole('region', { name: 'Tags of this photo' }).getByRole('listitem').allTextContents())
      .toEqual([expect.stringContaining('sunrise')]);
    await shot('timeline-05-viewer-tools');
    await viewer.getByRole('button', { name: 'Close viewer' }).click();
    await page.getByText(/^Sort: /).click();
    await page.getByRole('checkbox', { name: 'Favourites only' }).check();
    await expect.poll(() => page.getByRole('heading', { name: 'Favourites · 1 photo' }).isVisible()).toBe(true);
    expect(await cellName(0)).toBe('IMG_20240714_070000.jpg');
    await page.getByRole('checkbox', { name: 'Favourites only' }).uncheck();
    await expect.poll(() => page.getByRole('heading', { name: `All photos · ${TIMES.length} photos` }).isVisible()).toBe(true);
  });

  it('ran without script errors, policy violations or failed loads', () => {
    expect(pageErrors).toEqual([]);
  });
});
