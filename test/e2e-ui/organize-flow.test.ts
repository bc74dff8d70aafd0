/**
 * Tags and categories in the real window (headless Chromium against `lumen serve`, the demo model):
 * auto-tag a folder, review and accept the suggestions, filter the grid by the tag; add categories
 * and drop real image files on the window (a DataTransfer built in the page from the files' bytes)
 * to see them classified, most likely category first. Screenshots land in test-artifacts/ui/.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderShapesSet, SHAPES, type RenderedSetEntry } from '../support/independent-shapes-renderer';
import { ensureBuiltWindow } from './support/built-window';
import { CHROMIUM_PATH } from './support/chromium';
import { openServedWindow, type ServedWindow } from './support/served-window';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'ui');
let served: ServedWindow | undefined;
let page: Page;
let photosDir: string;
let library: RenderedSetEntry[];
let incoming: RenderedSetEntry[];
const pageErrors: string[] = [];

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

const entryOf = (fileName: string | null): RenderedSetEntry | undefined => library.find((entry) => basename(entry.file) === fileName);

/** The few browser globals the page-side drop uses (this file is type-checked without the DOM library). */
interface PageGlobals {
  document: { querySelector(selector: string): { dispatchEvent(event: unknown): boolean } | null };
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
  DragEvent: new (type: string, init: { bubbles: boolean; cancelable: boolean; dataTransfer: unknown }) => unknown;
  atob(text: string): string;
}

/** Drops real files on an element the way a file manager does: dragenter, dragover, drop, with a DataTransfer of Files (each `copies` times). */
async function dropFiles(selector: string, files: RenderedSetEntry[], copies = 1): Promise<void> {
  const payload = await Promise.all(
    files.map(async (entry) => ({
      name: basename(entry.file),
      type: entry.file.endsWith('.png') ? 'image/png' : 'image/jpeg',
      base64: (await readFile(entry.file)).toString('base64'),
    })),
  );
  await page.evaluate(
    ({ selector, payload, copies }) => {
      const page = globalThis as unknown as PageGlobals;
      const target = page.document.querySelector(selector);
      if (!target) throw new Error(`nothing matches ${selector}`);
      const transfer = new page.DataTransfer();
      for (let copy = 0; copy < copies; copy++) {
        for (const file of payload) {
          const bytes = Uint8Array.from(page.atob(file.base64), (c) => c.charCodeAt(0));
          transfer.items.add(new page.File([bytes], file.name, { type: file.type }));
        }
      }
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new page.DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
      }
    },
    { selector, payload, copies },
  );
}

describe.skipIf(!existsSync(CHROMIUM_PATH))('tags and categories in Chromium, served by lumen serve', () => {
  beforeAll(async () => {
    ensureBuiltWindow();
    await mkdir(ARTIFACTS, { recursive: true });
    const base = await mkdtemp(join(tmpdir(), 'lumen-ui-organize-'));
    photosDir = join(base, 'Shapes');
    library = await renderShapesSet(photosDir, { perPair: 1, seed: 515151 });
    // Photos the library has never seen, to drop on the window.
    incoming = await renderShapesSet(join(base, 'Incoming'), { perPair: 1, seed: 868686 });
    served = await openServedWindow(join(base, 'library'), pageErrors);
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
  });

  it('auto-tags a folder, and the accepted suggestions are what the tag shows', async () => {
    // The "indexing done" notice would cover the pictures.
    if (await page.getByRole('button', { name: 'Dismiss' }).isVisible()) await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('button', { name: /^Auto-tag/ }).click();
    const panel = page.getByRole('region', { name: 'Auto-tag' });
    await panel.getByLabel('New tag').fill('blue');
    await panel.getByLabel(/^Descriptions/).fill('blue colour, a blue shape');
    await panel.getByRole('button', { name: 'Add tag' }).click();
    await expect.poll(() => panel.getByRole('button', { name: /^blue/, pressed: true }).isVisible()).toBe(true);
    await panel.getByRole('radio', { name: 'A folder' }).check();
    await panel.getByLabel('Folder to tag').selectOption(photosDir);
    await panel.getByRole('button', { name: 'Suggest photos' }).click();

    const suggestions = panel.getByRole('list', { name: 'Suggestions for blue' });
    await expect.poll(() => suggestions.isVisible(), { timeout: 30_000 }).toBe(true);
    await expect
      .poll(() => suggestions.locator('img').evaluateAll((imgs) => imgs.every((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0)))
      .toBe(true);
    const suggested = await suggestions.locator('img').evaluateAll((imgs) => imgs.map((img) => img.getAttribute('alt')));
    const truth = suggested.map((name) => entryOf(name)?.color);
    console.log(`auto-tag "blue" suggested ${suggested.length}: ${truth.join(', ')}`);
    // Most suggestions are right (precision), and most blue photos are suggested (recall).
    expect(truth.filter((color) => color === 'blue').length).toBeGreaterThanOrEqual(3);
    expect(truth.filter((color) => color === 'blue').length / suggested.length).toBeGreaterThanOrEqual(0.75);
    await shot('10-autotag-suggestions');

    // Review as a person would: reject the wrong ones one by one, accept the rest in bulk.
    for (const name of suggested.filter((n) => entryOf(n)?.color !== 'blue')) {
      await suggestions.getByRole('button', { name: `Reject ${name}` }).click();
      await expect.poll(() => suggestions.getByRole('button', { name: `Reject ${name}` }).count()).toBe(0);
    }
    const accepted = suggested.filter((n) => entryOf(n)?.color === 'blue');
    await panel.getByRole('button', { name: `Accept all ${accepted.length}` }).click();
    await expect.poll(() => panel.getByText('No suggestions left for “blue”.').isVisible()).toBe(true);

    // The tag in the sidebar counts them and filters the grid to exactly those photos.
    const tag = page.getByRole('list', { name: 'Tags' }).getByRole('button', { name: /^blue/ });
    await expect.poll(() => tag.textContent()).toContain(String(accepted.length));
    await tag.click();
    await expect
      .poll(() => page.getByRole('heading', { name: `Tagged “blue” · ${accepted.length} photo${accepted.length === 1 ? '' : 's'}` }).isVisible())
      .toBe(true);
    await expect.poll(() => page.getByRole('option').count()).toBe(accepted.length);
    const shown = await page.getByRole('option').evaluateAll((cells) => cells.map((c) => c.querySelector('.caption')?.textContent ?? ''));
    expect(shown.sort()).toEqual([...accepted].sort());
    await expect
      .poll(() => page.locator('[role=option] img').evaluateAll((imgs) => imgs.every((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0)))
      .toBe(true);
    await shot('11-tag-filters-grid');
  });

  it('classifies image files dropped on the window, the right category first', async () => {
    await page.getByRole('button', { name: 'Add a category' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a category' });
    for (const shape of SHAPES) {
      await dialog.getByLabel('Category set').fill('shapes');
      await dialog.getByLabel('Category name').fill(shape);
      await dialog.getByLabel(/^Descriptions/).fill(`a ${shape} shape`);
      await dialog.getByRole('button', { name: 'Add category' }).click();
      await expect.poll(() => dialog.getByRole('status').textContent()).toBe(`Added “${shape}” to shapes.`);
    }
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Categories of shapes' }).getByRole('listitem').count()).toBe(SHAPES.length);

    // One photo of each shape, in different colours, never indexed.
    const dropped = SHAPES.map((shape, i) => incoming.filter((entry) => entry.shape === shape)[i * 2] as RenderedSetEntry);
    await dropFiles('.shell', dropped);
    const results = page.getByRole('region', { name: 'Classified into “shapes”' });
    await expect.poll(() => results.isVisible()).toBe(true);
    for (const entry of dropped) {
      const ranked = results.getByRole('list', { name: `Categories for ${basename(entry.file)}, most likely first` });
      await expect.poll(() => ranked.isVisible(), { timeout: 30_000 }).toBe(true);
      const first = await ranked.getByRole('listitem').first().textContent();
      expect(first?.trim().split(/\s+/)[0], `${basename(entry.file)} (${entry.color} ${entry.shape})`).toBe(entry.shape);
    }
    await expect
      .poll(() =>
        results.locator('img').evaluateAll((imgs) => imgs.length === 4 && imgs.every((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0)),
      )
      .toBe(true);
    await shot('12-classified-drop');
  });

  it('stops a drop being classified on Cancel: fewer than all were sent, and the card says so', async () => {
    await page.getByRole('button', { name: 'Close the classification results' }).click();
    // Four copies of each incoming photo: a batch long enough to be stopped well before its end.
    await dropFiles('.shell', incoming, 4);
    const results = page.getByRole('region', { name: 'Classified into “shapes”' });
    await expect.poll(() => results.getByRole('list', { name: /^Categories for / }).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await results.getByRole('button', { name: 'Cancel' }).click();
    const stopped = results.getByRole('status');
    await expect
      .poll(() => stopped.textContent(), { timeout: 30_000 })
      .toMatch(/^Stopped: \d+ of 128 photos were classified; the other \d+ were left as they were\.$/);
    const [done = 0, left = 0] =
      ((await stopped.textContent()) ?? '')
        .match(/\d+/g)
        ?.filter((n) => n !== '128')
        .map(Number) ?? [];
    expect(done + left).toBe(128);
    expect(left).toBeGreaterThan(0);
    expect(await results.getByRole('list', { name: /^Categories for / }).count()).toBe(done);
    expect(await results.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
    await shot('13-classify-cancelled');
  });

  it('ran without script errors, policy violations or failed loads', () => {
    expect(pageErrors).toEqual([]);
  });
});
