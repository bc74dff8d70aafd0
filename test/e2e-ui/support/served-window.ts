/**
 * The window as a person opens it: the real `lumen serve` on a library, and headless Chromium on the
 * address it printed, with the page's errors collected (script errors, and the console's: CSP
 * violations and failed loads, such as a missing thumbnail or a refused request).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { startServe, type ServeProcess } from './serve-process';

export interface ServedWindow {
  serve: ServeProcess;
  browser: BrowserContext;
  page: Page;
  /** Closes the browser, then stops the server. */
  close(): Promise<void>;
}

/** Starts `lumen serve` on `libraryDir` and opens its address; every error the page reports is pushed onto `pageErrors`. */
export async function openServedWindow(libraryDir: string, pageErrors: string[]): Promise<ServedWindow> {
  const serve = await startServe(libraryDir);
  let browser: BrowserContext | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(serve.url);
    const opened = browser;
    return {
      serve,
      browser: opened,
      page,
      close: async () => {
        await opened.close();
        await serve.stop();
      },
    };
  } catch (error) {
    // A browser that would not start or load must not leave the server running.
    await browser?.close();
    await serve.stop();
    throw error;
  }
}
