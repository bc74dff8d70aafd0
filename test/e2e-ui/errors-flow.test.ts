/**
 * Errors in the real window (headless Chromium against `lumen serve`, the demo model): a drop with
 * an empty file among photos gives each file its own outcome; when the network to the server goes
 * (the browser is taken offline) the window says so at the first call that fails, and when it returns the
 * window recovers by itself, its errors gone. Screenshots land in test-artifacts/ui/.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderShapePhoto } from '../support/independent-shapes-renderer';
import { ensureBuiltWindow } from './support/built-window';
import { CHROMIUM_PATH, launchChromium } from './support/chromium';
import { startServe, type ServeProcess } from './support/serve-process';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'ui');
let serve: ServeProcess;
let browser: BrowserContext;
let page: Page;
let photosDir: string;

/** The few browser globals the page-side code uses (this file is type-checked without the DOM library). */
interface PageGlobals {
  document: { querySelector(selector: string): { dispatchEvent(event: unknown): boolean } | null };
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
  DragEvent: new (type: string, init: { bubbles: boolean; cancelable: boolean; dataTransfer: unknown }) => unknown;
  atob(text: string): string;
  fetch(url: string, init: { method: string; headers: Record<string, string>; body: string }): Promise<{ json(): Promise<{ ok: boolean }> }>;
}

/** Drops files on the window as a file manager does: dragenter, dragover, drop, with a DataTransfer of Files. */
async function dropFiles(files: Array<{ name: string; type: string; bytes: Buffer }>): Promise<void> {
  const payload = files.map((file) => ({ name: file.name, type: file.type, base64: file.bytes.toString('base64') }));
  await page.evaluate((payload) => {
    const page = globalThis as unknown as PageGlobals;
    const target = page.document.querySelector('.shell');
    if (!target) throw new Error('no window shell');
    const transfer = new page.DataTransfer();
    for (const file of payload)
      transfer.items.add(new page.File([Uint8Array.from(page.atob(file.base64), (c) => c.charCodeAt(0))], file.name, { type: file.type }));
    for (const type of ['dragenter', 'dragover', 'drop'])
      target.dispatchEvent(new page.DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
  }, payload);
}

/** A contract call from the page, with its cookie (what the window's own client does). */
async function call(method: string, arg: unknown): Promise<boolean> {
  return page.evaluate(
    async ({ method, arg }) => {
      const page = globalThis as unknown as PageGlobals;
      const response = await page.fetch(`/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ arg }) });
      return (await response.json()).ok;
    },
    { method, arg },
  );
}

const connectionBar = (): ReturnType<Page['getByRole']> => page.getByRole('alert', { name: 'Connection to Lumen' });

describe.skipIf(!existsSync(CHROMIUM_PATH))('errors in Chromium, served by lumen serve', () => {
  beforeAll(async () => {
    ensureBuiltWindow();
    await mkdir(ARTIFACTS, { recursive: true });
    const base = await mkdtemp(join(tmpdir(), 'lumen-ui-errors-'));
    photosDir = join(base, 'Shapes');
    await mkdir(photosDir);
    for (const [i, color] of (['red', 'blue', 'green'] as const).entries()) {
      const { writeFile } = await import('node:fs/promises');
      await writeFile(join(photosDir, `${color}-circle.png`), (await renderShapePhoto({ color, shape: 'circle', seed: i + 1, format: 'png' })).data);
    }
    serve = await startServe(join(base, 'library'));
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(serve.url);
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('a drop with an empty file among photos: each file gets its own outcome', async () => {
    await expect.poll(() => page.getByRole('heading', { name: 'Find photos by what is in them' }).count(), { timeout: 30_000 }).toBe(1);
    for (const name of ['circle', 'square', 'star']) expect(await call('addCategory', { set: 'shapes', name })).toBe(true);
    await page.reload();
    await expect.poll(() => page.getByRole('listitem', { name: 'Category set shapes' }).count(), { timeout: 30_000 }).toBe(1);
    await dropFiles([
      { name: 'red-circle.png', type: 'image/png', bytes: await readFile(join(photosDir, 'red-circle.png')) },
      { name: 'empty.jpg', type: 'image/jpeg', bytes: Buffer.alloc(0) },
      { name: 'blue-circle.png', type: 'image/png', bytes: await readFile(join(photosDir, 'blue-circle.png')) },
    ]);
    const results = page.getByRole('region', { name: 'Classified into “shapes”' });
    await expect.poll(() => results.getByRole('listitem', { name: /^(red-circle|empty|blue-circle)/ }).count(), { timeout: 60_000 }).toBe(3);
    await expect.poll(() => results.getByRole('listitem', { name: 'empty.jpg' }).textContent()).toContain('The file is empty (0 bytes).');
    for (const name of ['red-circle.png', 'blue-circle.png']) {
      await expect.poll(() => results.getByRole('list', { name: `Categories for ${name}, most likely first` }).count()).toBe(1);
    }
    expect(
      await page
        .getByRole('status')
        .filter({ hasText: /base64|data must be/ })
        .count(),
    ).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, '20-drop-with-empty-file.png') });
    await results.getByRole('button', { name: 'Close the classification results' }).click();
  });

  it('the network goes and comes back: the window says so and recovers by itself', async () => {
    await page.getByRole('button', { name: 'Add a folder' }).first().click();
    await page.getByLabel('Folder path on this computer').fill(photosDir);
    await page.getByRole('button', { name: 'Add and index' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'All photos · 3 photos' }).isVisible(), { timeout: 90_000 }).toBe(true);
    await expect.poll(() => page.getByRole('progressbar').count(), { timeout: 90_000 }).toBe(0);

    // Offline, the open event stream need not notice; the first call that fails does.
    await browser.setOffline(true);
    await page.getByRole('button', { name: 'Add a folder' }).first().click();
    await page.getByLabel('Folder path on this computer').fill(join(photosDir, '..', 'Elsewhere'));
    await page.getByRole('button', { name: 'Add and index' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: "Lumen's server cannot be reached." }).count()).toBeGreaterThan(0);
    await expect.poll(() => connectionBar().textContent(), { timeout: 30_000 }).toContain('cannot be reached');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.screenshot({ path: join(ARTIFACTS, '21-offline.png') });

    await browser.setOffline(false);
    await expect.poll(() => connectionBar().count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'cannot be reached' }).count()).toBe(0);
    await expect.poll(() => page.getByRole('heading', { name: 'All photos · 3 photos' }).isVisible()).toBe(true);
    // Still working: a search answers.
    await page.getByLabel('Search photos by what is in them').fill('red');
    await expect.poll(() => page.getByRole('heading', { name: /^“red” · / }).isVisible(), { timeout: 30_000 }).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, '22-back-online.png') });
  });
});
