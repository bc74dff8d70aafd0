/**
 * Undo of stars and favourites in the real window (headless Chromium against `lumen serve`): in the
 * viewer a photo is starred, then starred again; Ctrl+Z there takes the last stars back, the viewer
 * shows the stars it had before, the next Ctrl+Z takes the first ones back too, one more says in the
 * viewer that there is nothing to undo, and the History panel lists both as undone in plain words.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lumenJson } from '../support/cli-runner';
import { renderShapePhoto } from '../support/independent-shapes-renderer';
import { ensureBuiltWindow } from './support/built-window';
import { CHROMIUM_PATH } from './support/chromium';
import { openServedWindow, type ServedWindow } from './support/served-window';

let served: ServedWindow | undefined;
let page: Page;
const pageErrors: string[] = [];

const pressed = (viewer: Locator, name: string): Promise<string | null> => viewer.getByRole('button', { name, exact: true }).getAttribute('aria-pressed');

describe.skipIf(!existsSync(CHROMIUM_PATH))('undoing stars in Chromium, served by lumen serve', () => {
  beforeAll(async () => {
    ensureBuiltWindow();
    const base = await mkdtemp(join(tmpdir(), 'lumen-ui-marks-'));
    const photosDir = join(base, 'Marks');
    const libraryDir = join(base, 'library');
    await mkdir(photosDir, { recursive: true });
    await writeFile(join(photosDir, 'red-circle.jpg'), (await renderShapePhoto({ color: 'red', shape: 'circle', seed: 71, format: 'jpg' })).data);
    await writeFile(join(photosDir, 'blue-star.jpg'), (await renderShapePhoto({ color: 'blue', shape: 'star', seed: 72, format: 'jpg' })).data);
    await lumenJson('index', photosDir, '--library', libraryDir);
    served = await openServedWindow(libraryDir, pageErrors);
    ({ page } = served);
  }, 180_000);

  afterAll(async () => {
    await served?.close();
  });

  it('Ctrl+Z in the viewer takes back the newest stars, then the ones before', async () => {
    await expect.poll(() => page.getByRole('heading', { name: 'All photos · 2 photos' }).isVisible(), { timeout: 60_000 }).toBe(true);
    await page.locator('#cell-0').dblclick();
    const viewer = page.getByRole('dialog', { name: /^Photo viewer: / });
    await expect.poll(() => viewer.isVisible()).toBe(true);
    await page.keyboard.press('2');
    await expect.poll(() => pressed(viewer, '2 stars'), { timeout: 10_000 }).toBe('true');
    await page.keyboard.press('5');
    await expect.poll(() => pressed(viewer, '5 stars'), { timeout: 10_000 }).toBe('true');

    await page.keyboard.press('Control+z');
    await expect.poll(() => pressed(viewer, '2 stars'), { timeout: 10_000 }).toBe('true');
    expect(await pressed(viewer, '5 stars')).toBe('false');
    await page.keyboard.press('Control+z');
    await expect.poll(() => pressed(viewer, '2 stars'), { timeout: 10_000 }).toBe('false');
    // Nothing older to undo: the viewer says so (the window's toast is under its frame).
    await page.keyboard.press('Control+z');
    await expect.poll(() => viewer.getByRole('alert').textContent(), { timeout: 10_000 }).toBe('There is nothing to undo.');

    await viewer.getByRole('button', { name: 'Close viewer' }).click();
    await page.getByRole('button', { name: 'History', exact: true }).click();
    const entries = page.getByRole('dialog', { name: 'History' }).getByRole('listitem');
    await expect.poll(() => entries.nth(0).textContent()).toMatch(/^Rated 1 photo 5 stars\..*This change was undone\./);
    await expect.poll(() => entries.nth(1).textContent()).toMatch(/^Rated 1 photo 2 stars\..*This change was undone\./);
  });

  it('ran without script errors, policy violations or failed loads', () => {
    expect(pageErrors).toEqual([]);
  });
});
