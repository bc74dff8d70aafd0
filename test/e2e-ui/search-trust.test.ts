/**
 * What the window says about a search, in headless Chromium against `lumen serve` (real services,
 * demo model) over a library named like real folders (shapes named after their content beside
 * camera names): one match score per photo in the order shown, name matches marked with why, no
 * close match said so with only the nearest shown, raw scores only when asked for in Settings,
 * date ranges that refuse to be inverted and keep undated photos, and errors that clear old results.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderNamedShapesLibrary } from '../support/named-shapes-library';
import { ensureBuiltWindow } from './support/built-window';
import { CHROMIUM_PATH, launchChromium } from './support/chromium';
import { startServe, type ServeProcess } from './support/serve-process';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'ui');
let serve: ServeProcess;
let browser: BrowserContext;
let page: Page;
let redCircles: string[];

/** The file names the cells show (their accessible names start with them and go on with the score and badges). */
const cellNames = (): Promise<string[]> => page.locator('[role=option] .caption').allTextContents();
const scoresShown = (): Promise<string[]> => page.locator('[role=option] .score').allTextContents();
const filters = () => page.getByRole('group', { name: 'Filters' });
const heading = (name: string | RegExp) => page.getByRole('heading', { name });

async function searchFor(text: string): Promise<void> {
  const box = page.getByLabel('Search photos by what is in them');
  await box.fill(text);
  await box.press('Enter');
}

describe.skipIf(!existsSync(CHROMIUM_PATH))('search results people can trust, in Chromium against lumen serve', () => {
  beforeAll(async () => {
    ensureBuiltWindow();
    await mkdir(ARTIFACTS, { recursive: true });
    const base = await mkdtemp(join(tmpdir(), 'lumen-ui-trust-'));
    const library = await renderNamedShapesLibrary(join(base, 'Camera roll'), { contentNamed: 2, cameraNamed: 2, seed: 7 });
    redCircles = library.filter((p) => p.color === 'red' && p.shape === 'circle').map((p) => p.file.split('/').pop() ?? '');
    // Indexed by the same built CLI that serves, so library and server agree on the schema.
    execFileSync(process.execPath, [
      join(import.meta.dirname, '..', '..', 'bin', 'lumen.js'),
      'index',
      join(base, 'Camera roll'),
      '--library',
      join(base, 'library'),
    ]);
    serve = await startServe(join(base, 'library'));
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(serve.url);
    await page.getByLabel('Search photos by what is in them').waitFor({ timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('ranks the red circles first whatever their file names, with one score in the order shown and name matches marked', async () => {
    await searchFor('a red circle');
    await expect.poll(() => heading('“a red circle” · 4 results').isVisible(), { timeout: 20_000 }).toBe(true);
    expect((await cellNames()).sort()).toEqual([...redCircles].sort());
    expect(redCircles).toContain('IMG_1000.jpg');
    const percents = (await scoresShown()).map((text) => Number(/^(\d+)%$/.exec(text.trim())?.[1]));
    expect(percents.every((p) => p >= 50 && p <= 100)).toBe(true);
    expect(percents).toEqual([...percents].sort((a, b) => b - a));
    // The cell's name reads what it shows: the file, the score and why it matched.
    const named = page.getByRole('option', { name: /^red-circle-0\.jpg, \d+% match, matched by name$/ });
    await expect.poll(() => named.locator('.badge').textContent()).toBe('name');
    expect(await named.locator('.badge').getAttribute('title')).toBe('The file or folder name has the words “red”, “circle”');
    const visualOnly = page.getByRole('option', { name: /^IMG_1000\.jpg, \d+% match$/ });
    expect(await visualOnly.count()).toBe(1);
    expect(await visualOnly.locator('.badge').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'search-trust-close-matches.png') });
  });

  it('shows the less alike photos only when asked, still in score order', async () => {
    await page.getByRole('button', { name: /^Show 124 more, less alike$/ }).click();
    await expect.poll(() => heading('“a red circle” · 128 results').isVisible()).toBe(true);
    const percents = (await scoresShown()).map((text) => Number(/^(\d+)%$/.exec(text.trim())?.[1]));
    expect(percents).toEqual([...percents].sort((a, b) => b - a));
  });

  it.each(['xyzzy', 'a sunset over the ocean'])('says there is no close match for “%s” and shows only the nearest, no negative scores', async (text) => {
    await searchFor(text);
    await expect.poll(() => heading(`“${text}” · No close matches — showing the nearest 24`).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await page.getByRole('option').count()).toBeLessThanOrEqual(24);
    for (const score of await scoresShown()) expect(score).toMatch(/^\d+%$/);
    await page.screenshot({ path: join(ARTIFACTS, `search-trust-no-close-${text.split(' ')[0] ?? ''}.png`) });
  });

  it('shows raw similarity scores only once Settings says so', async () => {
    await searchFor('a red circle');
    await expect.poll(() => heading('“a red circle” · 4 results').isVisible(), { timeout: 20_000 }).toBe(true);
    expect((await scoresShown()).some((text) => text.includes('·'))).toBe(false);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Show raw similarity scores beside search matches').check();
    await page
      .getByRole('button', { name: /^All photos|^Photos/ })
      .first()
      .click();
    await searchFor('a red circle');
    await expect.poll(async () => (await scoresShown()).every((text) => /^\d+% · 0\.\d\d$/.test(text.replace(/\s+/g, ' ').trim()))).toBe(true);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Show raw similarity scores beside search matches').uncheck();
    await page
      .getByRole('button', { name: /^All photos|^Photos/ })
      .first()
      .click();
  });

  it('refuses an inverted date range with a sentence and clears the results it no longer answers', async () => {
    await searchFor('a red circle');
    await expect.poll(() => heading('“a red circle” · 4 results').isVisible(), { timeout: 20_000 }).toBe(true);
    await filters().getByLabel('To', { exact: true }).fill('2020-01-01');
    await filters().getByLabel('From', { exact: true }).fill('2030-01-01');
    await expect.poll(() => heading('The start date is after the end date: choose a start date on or before the end date.').isVisible()).toBe(true);
    expect(await page.getByRole('option').count()).toBe(0);
  });

  it('keeps photos without a capture date in a date range, marked undated, unless asked not to', async () => {
    await filters().getByLabel('From', { exact: true }).fill('2001-01-01');
    await expect.poll(() => heading('“a red circle” · 4 results').isVisible(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => page.locator('[role=option] .badge', { hasText: 'undated' }).count()).toBe(4);
    await filters().getByLabel('Include undated', { exact: true }).uncheck();
    await expect.poll(() => page.getByRole('option').count()).toBe(0);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => heading('“a red circle” · 4 results').isVisible(), { timeout: 20_000 }).toBe(true);
  });

  it('clears old results under the error when the words are too long', async () => {
    await searchFor('red '.repeat(300));
    await expect.poll(() => heading(/longer than 1000 characters/).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await page.getByRole('option').count()).toBe(0);
  });
});
