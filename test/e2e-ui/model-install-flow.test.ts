/**
 * The first run in headless Chromium against `lumen serve`, which downloads from a loopback hub
 * that answers like huggingface.co ($HF_ENDPOINT, as for a mirror): the window says the demo model
 * only knows coloured shapes and offers CLIP ViT-B/32 with its size; that download is refused,
 * named, because the hub serves other bytes than the catalogue pins; an install from a hub id in
 * Settings shows its progress bar, fed by events, while a file is held back halfway, then ends
 * installed and listed.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReferenceModel } from '../../tools/reference-models/write-reference-model';
import { startFakeHub, type FakeHub } from '../node/models/fake-hub';
import { ensureBuiltWindow } from './support/built-window';
import { CHROMIUM_PATH, launchChromium } from './support/chromium';
import { startServe, type ServeProcess } from './support/serve-process';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'ui');
const REPO = 'lumen-test/tiny-clip';
let hub: FakeHub;
let serve: ServeProcess;
let browser: BrowserContext;
let page: Page;

describe.skipIf(!existsSync(CHROMIUM_PATH))('installing a real model from the window', () => {
  beforeAll(async () => {
    ensureBuiltWindow();
    await mkdir(ARTIFACTS, { recursive: true });
    const base = await mkdtemp(join(tmpdir(), 'lumen-ui-install-'));
    const source = await writeReferenceModel(join(base, 'source'), { family: 'clip', name: 'tiny-clip' });
    hub = await startFakeHub({ [REPO]: source, 'Xenova/clip-vit-base-patch32': { folder: source, commit: 'd15189d7028b43f1d3e65039190477f6af591c2a' } });
    // The server reads where models go and which hub to use from its environment, as a person's shell sets them.
    process.env.LUMEN_MODELS = join(base, 'models');
    process.env.HF_ENDPOINT = hub.url;
    serve = await startServe(join(base, 'library'));
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(serve.url);
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await hub?.close();
  });

  it('says the demo model only knows coloured shapes and offers the recommended model with its size', async () => {
    await expect.poll(() => page.getByRole('heading', { name: 'This library uses the demo model' }).isVisible(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => page.getByText('It only knows coloured shapes').isVisible()).toBe(true);
    const offer = page.getByRole('button', { name: 'Download CLIP ViT-B/32 (OpenAI) (156 MB)' });
    await expect.poll(() => offer.isEnabled()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'first-run-offer.png') });
  });

  it('refuses the recommended download, naming the file, when the hub serves other bytes than the catalogue pins', async () => {
    await page.getByRole('button', { name: 'Download CLIP ViT-B/32 (OpenAI) (156 MB)' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'config.json' });
    await expect.poll(() => alert.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await alert.textContent()).toMatch(
      /the hub lists config\.json of Xenova\/clip-vit-base-patch32 at the pinned commit as another file than the catalogue pins/,
    );
  });

  it('shows an install’s progress from Settings as it arrives, then lists the model', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Settings', level: 1 }).isVisible()).toBe(true);
    const held = hub.stallOnce('onnx/vision_model.onnx');
    await page.getByRole('textbox', { name: 'Hub model id or link' }).fill(REPO);
    await page.getByRole('button', { name: 'Install', exact: true }).click();
    await held;
    const bar = page.getByRole('progressbar', { name: `Downloading ${REPO}` }).first();
    // Half of the vision tower has arrived and the rest is held back: the bar stands between the ends.
    await expect.poll(async () => Number((await bar.getAttribute('aria-valuenow')) ?? '0'), { timeout: 20_000 }).toBeGreaterThan(0);
    const partway = Number(await bar.getAttribute('aria-valuenow'));
    expect(partway).toBeLessThan(100);
    expect(
      await page
        .getByText(/onnx\/vision_model\.onnx/)
        .first()
        .isVisible(),
    ).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'model-install-progress.png') });
    hub.release();
    await expect.poll(() => page.getByText(`Installed ${REPO}.`).first().isVisible(), { timeout: 60_000 }).toBe(true);
    const installed = page.getByRole('list', { name: 'Installed models' });
    await expect.poll(() => installed.getByText('tiny-clip', { exact: true }).first().isVisible(), { timeout: 10_000 }).toBe(true);
    // The catalogue asked the hub's API and fetched at the commit, as the real hub is asked.
    expect(hub.requests.some((r) => r.path === `/api/models/${REPO}/revision/main`)).toBe(true);
  });
});
