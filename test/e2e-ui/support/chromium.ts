/** Headless Debian Chromium driven by playwright-core, with a fresh profile each time. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env['LUMEN_CHROMIUM'] ?? '/usr/bin/chromium';

export async function launchChromium(options: { colorScheme?: 'light' | 'dark'; deviceScaleFactor?: number } = {}): Promise<BrowserContext> {
  const profile = await mkdtemp(join(tmpdir(), 'lumen-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1360, height: 860 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    colorScheme: options.colorScheme ?? 'light',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}
