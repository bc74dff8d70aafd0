import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanFolder, type ScanProblem } from '../../../src-main/node/indexer/scan-folder';

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
