/**
 * A fresh install runs the demo model: `lumen status` and `lumen index` say plainly that it only
 * knows coloured shapes and offer the recommended download with its size; once a real model is
 * installed they point to it, and once it is in use they say nothing.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lumen } from '../../support/cli-runner';
import { writeReferenceModel } from '../../../tools/reference-models/write-reference-model';

let root = '';
let library = '';
let photos = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-first-run-'));
  library = join(root, 'library');
  photos = join(root, 'photos');
  await cp(join(import.meta.dirname, '../../fixtures/corpus/photos'), photos, { recursive: true });
  process.env.LUMEN_MODELS = join(root, 'models');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the first run', () => {
  it('says the demo model only knows coloured shapes and offers CLIP ViT-B/32 with its size', async () => {
    const status = await lumen('status', '--library', library);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Note:     This library uses the demo model shapes-lit, which only knows coloured shapes');
    expect(status.stdout).toContain(
      'Note:     Install a real model: lumen model add clip-vit-b32 (CLIP ViT-B/32 (OpenAI), 156 MB download), then lumen model use clip-vit-b32',
    );
    const index = await lumen('index', photos, '--json', '--library', library);
    expect(index.code).toBe(0);
    expect(index.stderr).toMatch(/^note: This library uses the demo model shapes-lit, which only knows coloured shapes/);
    expect(index.stderr).toContain('note: Install a real model: lumen model add clip-vit-b32 (CLIP ViT-B/32 (OpenAI), 156 MB download)');
    // --json output stays the summary alone.
    expect(JSON.parse(index.stdout)).toHaveProperty('indexed');
    expect((await lumen('status', '--library', library)).stdout).toMatch(/Note: {5}Its \d+ photos are then embedded again with the real model/);
  });

  it('points to the installed model instead, and says nothing once a real model is in use', async () => {
    const source = await writeReferenceModel(join(root, 'src', 'tiny-clip'), { family: 'clip', name: 'tiny-clip' });
    expect((await lumen('model', 'add', source, '--library', library)).code).toBe(0);
    expect((await lumen('status', '--library', library)).stdout).toContain('Note:     Switch to an installed model: lumen model use <id>');
    expect((await lumen('model', 'use', 'tiny-clip', '--library', library)).code).toBe(0);
    const status = await lumen('status', '--library', library);
    expect(status.stdout).not.toContain('Note:');
  });
});
