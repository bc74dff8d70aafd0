/**
 * `lumen tag describe` and `lumen category edit|delete|file`: through the contract's dispatcher,
 * against a real library, with the demo model.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src-main/node/cli/cli-io';
import { runCli } from '../../../src-main/node/cli/main';
import { renderShapePhoto } from '../../support/independent-shapes-renderer';

async function lumen(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const run = { out: '', err: '' };
  const io: CliIo = { out: (text) => (run.out += text), err: (text) => (run.err += text), interactive: false };
  const code = await runCli([...args, '--library', library], io);
  return { code, ...run };
}

let base = '';
let library = '';
let pictures = '';

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'lumen-category-edit-cli-'));
  library = join(base, 'library');
  pictures = join(base, 'Pictures');
  await mkdir(pictures);
  await writeFile(join(pictures, 'red-circle.png'), (await renderShapePhoto({ color: 'red', shape: 'circle', seed: 1, format: 'png' })).data);
  expect((await lumen('index', pictures)).code).toBe(0);
}, 300_000);

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('lumen tag describe', () => {
  it("replaces the tag's words", async () => {
    await lumen('tag', 'add', 'beach', '--description', 'sand');
    const run = await lumen('tag', 'describe', 'beach', '--description', 'sand and sea', '--description', 'the shore', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ name: 'beach', descriptions: ['sand and sea', 'the shore'] });
  }, 120_000);
});

describe('lumen category edit, file and delete', () => {
  it('renames a category and sets its words and folder, files a photo into it by hand, and deletes it', async () => {
    await lumen('category', 'add', 'kinds', 'circle');
    await lumen('category', 'add', 'kinds', 'square');
    const sorted = join(base, 'Sorted');
    const edited = await lumen('category', 'edit', 'kinds', 'circle', '--rename', 'round', '--description', 'a round shape', '--folder', sorted);
    expect(edited.code).toBe(0);
    expect(edited.out).toContain(`round — a round shape  [0 examples, 0 photos filed, → ${sorted}]`);

    const filed = await lumen('category', 'file', 'kinds', 'round', join(pictures, 'red-circle.png'), join(pictures, 'missing.png'));
    expect(filed.code).toBe(1);
    expect(filed.out).toContain(`${join(pictures, 'red-circle.png')}: copied to ${join(sorted, 'red-circle.png')}`);
    expect(filed.err).toContain(`lumen: ${join(pictures, 'missing.png')}: `);
    expect(existsSync(join(sorted, 'red-circle.png'))).toBe(true);
    const list = JSON.parse((await lumen('category', 'list', '--json')).out) as { sets: Array<{ categories: Array<{ name: string; photos: number }> }> };
    expect(list.sets[0]?.categories.find((c) => c.name === 'round')?.photos).toBe(1);

    expect((await lumen('category', 'edit', 'kinds', 'round', '--default-folder', '--json')).out).toContain('"folder": null');
    const refused = await lumen('category', 'edit', 'kinds', 'round', '--rename', 'square');
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('category set "kinds" already has a category named "square"');

    const deleted = await lumen('category', 'delete', 'kinds', 'round');
    expect(deleted.out).toBe('Deleted the category round of kinds; its photos and folder stay.\n');
    expect(existsSync(join(sorted, 'red-circle.png'))).toBe(true);
  }, 120_000);
});
