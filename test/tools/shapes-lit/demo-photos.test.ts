import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDemoPhotos, type DemoPhotoEntry } from '../../../tools/shapes-lit/demo-photos';

const root = await mkdtemp(join(tmpdir(), 'lumen-demo-photos-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('demo photos', () => {
  it('writes labelled photos covering every pair, with a manifest', async () => {
    const entries = await writeDemoPhotos(join(root, 'a'), { count: 40, seed: 7 });
    const manifest = JSON.parse(await readFile(join(root, 'a', 'manifest.json'), 'utf8')) as DemoPhotoEntry[];
    expect(manifest).toEqual(entries);
    expect(new Set(entries.map((e) => `${e.color} ${e.shape}`)).size).toBe(32);
    expect((await readdir(join(root, 'a'))).sort()).toEqual([...entries.map((e) => e.file), 'manifest.json'].sort());
    for (const entry of entries.slice(0, 6)) {
      const meta = await sharp(join(root, 'a', entry.file)).metadata();
      expect([meta.width, meta.height]).toEqual([entry.width, entry.height]);
      expect(meta.format).toBe(entry.file.endsWith('.png') ? 'png' : 'jpeg');
    }
  });

  it('is reproducible from the seed, through the command line too', async () => {
    const cli = join(import.meta.dirname, '../../../tools/shapes-lit/generate-demo-photos.ts');
    await promisify(execFile)(process.execPath, ['--import', 'tsx', cli, '--out', join(root, 'b'), '--count', '6', '--seed', '7']);
    await writeDemoPhotos(join(root, 'c'), { count: 6, seed: 7 });
    await writeDemoPhotos(join(root, 'd'), { count: 6, seed: 8 });
    const files = (dir: string): Promise<Buffer[]> =>
      readdir(join(root, dir)).then((names) => Promise.all(names.sort().map((n) => readFile(join(root, dir, n)))));
    const [b, c, d] = await Promise.all([files('b'), files('c'), files('d')]);
    expect(b.length).toBe(7);
    b.forEach((bytes, i) => expect(bytes.equals(c[i] as Buffer)).toBe(true));
    expect(Buffer.concat(c).equals(Buffer.concat(d))).toBe(false);
  });
});
