/** A file or folder whose name is not valid UTF-8 (copied from an old Latin-1 system, say) is reported for what it is, not as vanished. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyScanCounts, scanFolder, type ScanProblem } from '../../../src-main/node/indexer/scan-folder';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lumen-latin1-'));
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
    .jpeg()
    .toBuffer();
  // "café.jpg" in Latin-1: the é is the single byte 0xE9, which is not UTF-8.
  await writeFile(Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xe9]), Buffer.from('.jpg')]), jpeg);
  await writeFile(join(dir, 'plain.jpg'), jpeg);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('scanFolder, names that are not UTF-8', () => {
  it('reports the file with the reason instead of counting it as vanished', async () => {
    const problems: ScanProblem[] = [];
    const counts = emptyScanCounts();
    const found: string[] = [];
    for await (const file of scanFolder(dir, problems, counts)) found.push(file.path);
    expect(found).toEqual([join(dir, 'plain.jpg')]);
    expect(counts.vanished).toBe(0);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.reason).toMatch(/not valid UTF-8/);
    expect(problems[0]?.reason).not.toMatch(/disappeared/);
  });

  it('reports a folder whose name is not UTF-8 as such, not as a folder that disappeared', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'lumen-latin1-folder-'));
    try {
      // "Août" in Latin-1: the û is the single byte 0xFB.
      const folder = Buffer.concat([Buffer.from(`${parent}/Ao`), Buffer.from([0xfb]), Buffer.from('t')]);
      await mkdir(folder);
      await writeFile(
        Buffer.concat([folder, Buffer.from('/beach.jpg')]),
        await sharp({ create: { width: 8, height: 8, channels: 3, background: '#404040' } })
          .jpeg()
          .toBuffer(),
      );
      const problems: ScanProblem[] = [];
      const counts = emptyScanCounts();
      for await (const file of scanFolder(parent, problems, counts)) expect.unreachable(`found ${file.path}`);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ folder: true });
      expect(problems[0]?.reason).toMatch(/folder name is not valid UTF-8/);
      expect(problems[0]?.reason).not.toMatch(/disappeared/);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});
