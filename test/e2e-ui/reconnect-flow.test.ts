/**
 * The real window in headless Chromium loses `lumen serve` and gets it back: stopping the server
 * shows the connection bar; the same server started again on the same port with the same library
 * (with a new token, as every start makes one) turns the bar into the request to open the new
 * address; opening it, the window works and the bar is gone.
 */
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltWindow } from './support/built-window';
import { CHROMIUM_PATH, launchChromium } from './support/chromium';
import { startServe, type ServeProcess } from './support/serve-process';

let serve: ServeProcess;
let browser: BrowserContext;
let page: Page;
let libraryDir: string;

const connectionBar = (): ReturnType<Page['getByRole']> => page.getByRole('alert', { name: 'Connection to Lumen' });

describe.skipIf(!existsSync(CHROMIUM_PATH))('the window when lumen serve stops and starts again', () => {
  beforeAll(async () => {
    ensureBuiltWindow();
    libraryDir = join(await mkdtemp(join(tmpdir(), 'lumen-reconnect-')), 'library');
    serve = await startServe(libraryDir);
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(serve.url);
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('shows that the server is gone, then asks for the new address, and works again from it', async () => {
    await expect.poll(() => page.getByRole('heading', { name: 'Find photos by what is in them' }).count()).toBe(1);
    expect(await connectionBar().count()).toBe(0);

    const port = new URL(serve.url).port;
    await serve.stop();
    await expect.poll(() => connectionBar().textContent()).toContain('cannot be reached');

    serve = await startServe(libraryDir, Number(port));
    expect(new URL(serve.url).port).toBe(port);
    await expect.poll(() => connectionBar().textContent(), { timeout: 20_000 }).toContain('restarted with a new address');

    await page.goto(serve.url);
    await expect.poll(() => page.getByRole('heading', { name: 'Find photos by what is in them' }).count()).toBe(1);
    expect(await connectionBar().count()).toBe(0);
  });
});
