/**
 * Every dialog of the window wears the same frame (headless Chromium against `lumen serve`): the
 * add-folder, add-category, edit-category, tag-words, history and shortcuts dialogs (an empty library)
 * and the duplicates' move confirmation (a folder holding one photo twice) open from the keyboard with
 * focus inside, have equal computed frame, backdrop and title styles in both themes, stay
 * open on a backdrop click, fit inside a 360-px-wide window and a 1280×800 window at 200 % zoom (640×400
 * CSS pixels) without scrolling sideways, close on Escape and give focus back to the button that opened
 * them. The photo viewer fills the window without the frame; a closed dialog takes no room on the page.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderShapePhoto } from '../support/independent-shapes-renderer';
import { ensureBuiltWindow } from './support/built-window';
import { CHROMIUM_PATH } from './support/chromium';
import { openServedWindow, type ServedWindow } from './support/served-window';

/** The page globals used below: they run in Chromium, while this file is type-checked for Node. */
interface PageElement {
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  closest(selector: string): PageElement | null;
  getBoundingClientRect(): { left: number; top: number; right: number; bottom: number; width: number; height: number };
  scrollWidth: number;
  clientWidth: number;
}
declare const document: { activeElement: PageElement | null; querySelectorAll(selector: string): ArrayLike<PageElement> };
declare const window: { innerWidth: number; innerHeight: number };
declare function getComputedStyle(element: PageElement, pseudo?: string): Record<string, string>;

let served: ServedWindow | undefined;
let page: Page;
let photosDir: string;
const pageErrors: string[] = [];
/** The add-folder dialog's look in the light theme, which every later dialog is held to. */
let lightLook: FrameLook | undefined;

/** What the frame looks like: the same for every dialog but its width (a form or a wider sheet). */
interface FrameLook {
  frame: Record<string, string>;
  backdrop: Record<string, string>;
  title: Record<string, string>;
}

interface Opened {
  dialog: Locator;
  opener: Locator;
}

const FRAME = ['borderTopWidth', 'borderTopStyle', 'borderTopColor', 'borderRadius', 'paddingTop', 'paddingLeft', 'backgroundColor', 'color', 'boxShadow'];
const BACKDROP = ['backgroundColor', 'backdropFilter'];
const TITLE = ['fontSize', 'fontWeight'];

async function look(dialog: Locator): Promise<FrameLook> {
  return dialog.evaluate(
    (element, names) => {
      const pick = (style: Record<string, string>, keys: string[]): Record<string, string> => Object.fromEntries(keys.map((k) => [k, style[k] ?? '']));
      const title = element.querySelector('h2');
      return {
        frame: pick(getComputedStyle(element), names.FRAME),
        backdrop: pick(getComputedStyle(element, '::backdrop'), names.BACKDROP),
        title: title ? pick(getComputedStyle(title), names.TITLE) : {},
      };
    },
    { FRAME, BACKDROP, TITLE },
  );
}

/** Opens a dialog from the keyboard: the opener is focused and Enter pressed, as a keyboard user does. */
async function openWith(opener: string, dialogName: string): Promise<Opened> {
  const button = page.getByRole('button', { name: opener, exact: true }).first();
  await button.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: dialogName });
  await expect.poll(() => dialog.isVisible()).toBe(true);
  return { dialog, opener: button };
}

async function focusIsInside(dialog: Locator): Promise<boolean> {
  return dialog.evaluate((element) => {
    const active = document.activeElement;
    return active !== null && active.closest('dialog') === element;
  });
}

/** Whether the dialog's box lies inside the window and nothing in it needs scrolling sideways. */
async function fitsWindow(dialog: Locator): Promise<{ inside: boolean; sideways: number; box: string }> {
  return dialog.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return {
      inside: box.left >= 0 && box.top >= 0 && box.right <= window.innerWidth && box.bottom <= window.innerHeight,
      sideways: element.scrollWidth - element.clientWidth,
      box: `${Math.round(box.left)},${Math.round(box.top)} ${Math.round(box.width)}×${Math.round(box.height)} in ${window.innerWidth}×${window.innerHeight}`,
    };
  });
}

/** Checks one open dialog, then closes it with Escape and checks focus went back to its opener. */
async function checkAndClose({ dialog, opener }: Opened): Promise<FrameLook> {
  expect(await focusIsInside(dialog)).toBe(true);
  const seen = await look(dialog);

  // A click on the backdrop (the window's corner, outside the frame) leaves every dialog open.
  await page.mouse.click(3, 3);
  expect(await dialog.isVisible()).toBe(true);

  for (const size of [
    { width: 360, height: 640 },
    { width: 640, height: 400 },
  ]) {
    await page.setViewportSize(size);
    const fit = await fitsWindow(dialog);
    expect(fit.inside, fit.box).toBe(true);
    expect(fit.sideways, fit.box).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.keyboard.press('Escape');
  await expect.poll(() => dialog.isVisible()).toBe(false);
  // Focus goes back when the dialog's close event arrives, a task after it is hidden.
  await expect.poll(() => opener.evaluate((element) => element === document.activeElement)).toBe(true);
  return seen;
}

describe.skipIf(!existsSync(CHROMIUM_PATH))('one frame for every dialog in Chromium, served by lumen serve', () => {
  beforeAll(async () => {
    ensureBuiltWindow();
    const base = await mkdtemp(join(tmpdir(), 'lumen-ui-dialog-frame-'));
    photosDir = join(base, 'Photos');
    const photo = await renderShapePhoto({ color: 'green', shape: 'square', seed: 77, format: 'jpg' });
    for (const folder of ['Trips', 'Backup']) {
      await mkdir(join(photosDir, folder), { recursive: true });
      await writeFile(join(photosDir, folder, 'square.jpg'), photo.data);
    }
    served = await openServedWindow(join(base, 'library'), pageErrors);
    ({ page } = served);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: 'Add a folder' }).first().waitFor({ timeout: 20_000 });
  });

  afterAll(async () => {
    await served?.close();
  });

  it('gives every dialog the same frame, keyboard behaviour and fit, in both themes', async () => {
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      const looks: Array<[string, FrameLook]> = [];
      looks.push(['add folder', await checkAndClose(await openWith('Add a folder', 'Add a photo folder'))]);
      looks.push(['add category', await checkAndClose(await openWith('Add a category', 'Add a category'))]);
      looks.push(['history', await checkAndClose(await openWith('History', 'History'))]);
      looks.push(['shortcuts', await checkAndClose(await openWith('Keyboard shortcuts', 'Keyboard shortcuts'))]);
      if (theme === 'light') {
        // A tag whose words to edit: added in the Auto-tag view.
        await page.getByRole('button', { name: 'Add a tag', exact: true }).click();
        const autoTag = page.getByRole('region', { name: 'Auto-tag' });
        await autoTag.getByLabel('New tag').fill('sea');
        await autoTag.getByRole('button', { name: 'Add tag' }).click();
        await page.getByRole('button', { name: 'Edit what the tag sea means' }).waitFor({ state: 'attached' });
        // A category to edit: added through the add-category dialog.
        const { dialog } = await openWith('Add a category', 'Add a category');
        await dialog.getByLabel('Category set').fill('kinds');
        await dialog.getByLabel('Category name').fill('circle');
        await dialog.getByRole('button', { name: 'Add category' }).click();
        await expect.poll(() => dialog.getByRole('status').textContent()).toBe('Added “circle” to kinds.');
        await page.keyboard.press('Escape');
        await expect.poll(() => dialog.isVisible()).toBe(false);
      }
      looks.push(['edit category', await checkAndClose(await openWith('Edit the category circle', 'Edit the category circle'))]);
      looks.push(['tag words', await checkAndClose(await openWith('Edit what the tag sea means', 'What “sea” means'))]);

      const [first, ...rest] = looks;
      if (!first) throw new Error('no dialog was checked');
      for (const [name, seen] of rest) expect({ name, ...seen }).toEqual({ name, ...first[1] });
      // The frame follows the theme: the surface colour of each.
      expect(first[1].frame.backgroundColor).toBe(theme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(28, 31, 38)');
      expect(first[1].frame.borderTopStyle).toBe('solid');
      if (theme === 'light') lightLook = first[1];
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('gives the duplicates move confirmation the same frame', async () => {
    if (!lightLook) throw new Error('the first check did not record the frame');
    await page.getByRole('button', { name: 'Add a folder' }).first().click();
    await page.getByLabel('Folder path on this computer').fill(photosDir);
    await page.getByRole('button', { name: 'Add and index' }).click();
    // The grid, not the Auto-tag view the tag was added in; its heading counts the one photo once indexed.
    await page.getByRole('button', { name: /^All photos/ }).click();
    await expect.poll(() => page.getByRole('progressbar').count(), { timeout: 120_000 }).toBe(0);
    await expect.poll(() => page.getByRole('heading', { name: 'All photos · 1 photo' }).isVisible(), { timeout: 60_000 }).toBe(true);
    await page.getByRole('button', { name: 'Duplicates', exact: true }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Group 1: 2 copies, the same file' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await page.getByLabel('Move the ticked copies to this folder (outside the library)').fill(join(photosDir, '..', 'Set aside'));
    const seen = await checkAndClose(await openWith('Move 1 copy…', 'Move 1 copy out of the library?'));
    expect(seen).toEqual(lightLook);
  });

  it('leaves the photo viewer without the frame, filling the window', async () => {
    await page.getByRole('button', { name: /^All photos/ }).click();
    await page.locator('#cell-0').click();
    await page.keyboard.press('Enter');
    const viewer = page.getByRole('dialog', { name: /^Photo viewer: / });
    await expect.poll(() => viewer.isVisible()).toBe(true);
    const box = await viewer.evaluate((element) => {
      const rect = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      return { rect: [rect.left, rect.top, rect.width, rect.height], radius: style.borderRadius, border: style.borderTopStyle };
    });
    expect(box).toEqual({ rect: [0, 0, 1280, 800], radius: '0px', border: 'none' });
    await page.keyboard.press('Escape');
    await expect.poll(() => viewer.isVisible()).toBe(false);
  });

  it('leaves closed dialogs hidden, taking no room on the page', async () => {
    const closed = await page.evaluate(() =>
      Array.from(document.querySelectorAll('dialog:not([open])')).map((element) => {
        const box = element.getBoundingClientRect();
        return { display: getComputedStyle(element).display, area: box.width * box.height };
      }),
    );
    expect(closed.length).toBeGreaterThanOrEqual(5);
    for (const dialog of closed) expect(dialog).toEqual({ display: 'none', area: 0 });
  });

  it('ran without script errors, policy violations or failed loads', () => {
    expect(pageErrors).toEqual([]);
  });
});
