/**
 * The real window in headless Chromium loses `lumen serve` and gets it back by itself: stopping the
 * server shows the connection bar; the server started again on the same library (no --port: it takes
 * the port it had, and the token it saved) is found again without a touch, the bar goes and the grid
 * and search work. When another program took the port meanwhile, serve says plainly that it serves
 * elsewhere and the old window cannot follow; `--new-token` makes the window ask for the new address.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderShapePhoto, type Color, type Shape } from '../support/independent-shapes-renderer';
import { ensureBuiltWindow } from './support/built-window';
import { CHROMIUM_PATH, launchChromium } from './support/chromium';
import { startServe, type ServeProcess } from './support/serve-process';

const PHOTOS: ReadonlyArray<[Color, Shape]> = [
  ['red', 'circle'],
  ['blue', 'square'],
  ['green', 'triangle'],
];

let serve: ServeProcess;
let browser: BrowserContext;
let page: Page;
let libraryDir: string;

const connectionBar = (): ReturnType<Page['getByRole']> => page.getByRole('alert', { name: 'Connection to Lumen' });
const cellNames = (): Promise<string[]> => page.locator('[role=option] .caption').allTextContents();

async function searchFor(text: string): Promise<void> {
  const box = page.getByLabel('Search photos by what is in them');
  await box.fill(text);
  await box.press('Enter');
}

/** The grid shows every photo, and a search answers with the red circle first. */
async function expectGridAndSearchWork(): Promise<void> {
  await page
    .getByRole('button', { name: /^All photos|^Photos/ })
    .first()
    .click();
  await expect.poll(async () => (await cellNames()).sort(), { timeout: 20_000 }).toEqual(['blue-square.jpg', 'green-triangle.jpg', 'red-circle.jpg']);
  await searchFor('a red circle');
  await expect.poll(async () => (await cellNames())[0], { timeout: 20_000 }).toBe('red-circle.jpg');
  await expect.poll(() => page.getByRole('heading', { name: /^“a red circle” · / }).count()).toBe(1);
}

async function restartServe(port: number | 'last', options: readonly string[] = []): Promise<void> {
  await serve.stop();
  await expect.poll(() => connectionBar().textContent()).toContain('cannot be reached');
  serve = await startServe(libraryDir, port, options);
}

describe.skipIf(!existsSync(CHROMIUM_PATH))('the window when lumen serve stops and starts again', () => {
  beforeAll(async () => {
    ensureBuiltWindow();
    const base = await mkdtemp(join(tmpdir(), 'lumen-reconnect-'));
    libraryDir = join(base, 'library');
    await mkdir(join(base, 'Photos'));
    for (const [color, shape] of PHOTOS) {
      await writeFile(join(base, 'Photos', `${color}-${shape}.jpg`), (await renderShapePhoto({ color, shape, seed: 3, format: 'jpg' })).data);
    }
    // Indexed by the same built CLI that serves, so library and server agree on the schema.
    execFileSync(process.execPath, [join(import.meta.dirname, '..', '..', 'bin', 'lumen.js'), 'index', join(base, 'Photos'), '--library', libraryDir]);
    serve = await startServe(libraryDir);
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(serve.url);
    await page.getByLabel('Search photos by what is in them').waitFor({ timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('finds the server again by itself after a restart on the same library: bar gone, grid and search work', async () => {
    await expectGridAndSearchWork();
    expect(await connectionBar().count()).toBe(0);
    const before = new URL(serve.url);

    await restartServe('last');
    const after = new URL(serve.url);
    expect(after.port).toBe(before.port);
    expect(after.searchParams.get('token')).toBe(before.searchParams.get('token'));

    await expect.poll(() => connectionBar().count(), { timeout: 20_000 }).toBe(0);
    expect(new URL(page.url()).port).toBe(before.port);
    await expectGridAndSearchWork();
  });

  it('says plainly that it serves elsewhere when another program took its port, and the old window cannot follow', async () => {
    const port = Number(new URL(serve.url).port);
    await serve.stop();
    // Another program: it takes connections and hangs up at once.
    const squatter = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      serve = await startServe(libraryDir, 'last');
      const moved = Number(new URL(serve.url).port);
      expect(moved).not.toBe(port);
      expect(serve.output()).toContain(
        `Port ${port}, where this library was served last time, is in use by another program, so Lumen is serving on port ${moved} instead. A window still open at the old address cannot reconnect to it: open the new address below.\n`,
      );
      await expect
        .poll(async () => (await connectionBar().textContent())?.replace(/\s+/g, ' '))
        .toContain('back at this address; if lumen serve printed another address, open that one.');
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
    // Opening the new address works, and the library keeps the new port for next time.
    await page.goto(serve.url);
    await expectGridAndSearchWork();
    expect(await connectionBar().count()).toBe(0);
  });

  it('asks for the new address after a restart with --new-token, and works again from it', async () => {
    const port = new URL(serve.url).port;
    await restartServe('last', ['--new-token']);
    expect(new URL(serve.url).port).toBe(port);
    await expect.poll(() => connectionBar().textContent(), { timeout: 20_000 }).toContain('restarted with a new address');

    await page.goto(serve.url);
    await expectGridAndSearchWork();
    expect(await connectionBar().count()).toBe(0);
  });
});
