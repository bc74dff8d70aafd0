import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyScanCounts, scanFolder, type ScanProblem } from '../../../src-main/node/indexer/scan-folder';

describe('scanFolder', () => {
  it('finds photos in nested folders, skipping hidden folders, other files and symlink loops', async () => {
    const root = await mkdtemp(join(tmpdir(), 'lumen-scan-'));
    await mkdir(join(root, 'trip 2024/day ünï'), { recursive: true });
    await mkdir(join(root, '.thumbnails'));
    await writeFile(join(root, 'a.JPG'), 'x');
    await writeFile(join(root, 'trip 2024/-dash.png'), 'x');
    await writeFile(join(root, 'trip 2024/day ünï/new\nline.webp'), 'x');
    await writeFile(join(root, 'trip 2024/notes.txt'), 'x');
    await writeFile(join(root, '.thumbnails/t.jpg'), 'x');
    await symlink(root, join(root, 'trip 2024/loop'));
    const problems: ScanProblem[] = [];
    const found: string[] = [];
    for await (const file of scanFolder(root, problems)) found.push(relative(root, file.path));
    expect(found.sort()).toEqual(['a.JPG', 'trip 2024/-dash.png', 'trip 2024/day ünï/new\nline.webp'].sort());
    expect(problems).toEqual([]);
  });

  it('reports an unreadable folder instead of failing', async () => {
    const problems: ScanProblem[] = [];
    const found = [];
    for await (const file of scanFolder('/definitely/not/here', problems)) found.push(file);
    expect(found).toEqual([]);
    expect(problems[0]?.reason).toMatch(/cannot read folder/);
  });
});

describe('scanFolder and files that vanish', () => {
  it('counts photos deleted between listing and stat as vanished, not as problems', async () => {
    const root = await mkdtemp(join(tmpdir(), 'lumen-scan-vanish-'));
    const names = Array.from({ length: 300 }, (_, i) => `p${String(i).padStart(3, '0')}.jpg`);
    for (const name of names) await writeFile(join(root, name), 'x');
    const problems: ScanProblem[] = [];
    const counts = emptyScanCounts();
    let found = 0;
    for await (const _file of scanFolder(root, problems, counts)) {
      // The first files are looked at; the walk has listed more than it has looked at by now.
      if (found++ === 0) for (const name of names) await rm(join(root, name));
    }
    expect(problems).toEqual([]);
    expect(counts.vanished).toBeGreaterThan(0);
    expect(found + counts.vanished).toBeLessThanOrEqual(names.length);
  });
});
