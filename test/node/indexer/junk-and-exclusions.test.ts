/**
 * Folders shaped like real people's copies (a Synology share, a Mac copy, a Windows copy, an
 * Android DCIM folder) hold NAS thumbnails, recycle bins, resource forks and app packages: none of
 * it is a photo. The walk skips it, and exclude patterns, and counts what it skipped.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExcludePatterns } from '../../../src-main/node/indexer/exclude-patterns';
import { emptyScanCounts, scanFolder, type ScanProblem } from '../../../src-main/node/indexer/scan-folder';
import { tempDir } from './indexer-fixtures';
import { DEAD_PID, REAL_PHOTOS, writeRealWorldTree } from './real-world-tree';

describe('scanFolder on real-world folders', () => {
  it('finds only the real photos, and counts the junk, the excluded files and the other kinds', async () => {
    const root = await tempDir('junk-scan');
    await writeRealWorldTree(root, async () => 'x');
    const problems: ScanProblem[] = [];
    const counts = emptyScanCounts();
    const found: string[] = [];
    const exclude = new ExcludePatterns(['Screenshots/', '*.gif']);
    for await (const file of scanFolder(root, problems, counts, { exclude })) found.push(relative(root, file.path));

    expect(found.sort()).toEqual([...REAL_PHOTOS].sort());
    expect(problems).toEqual([]);
    // Folders: @eaDir, #recycle, #snapshot, @Recycle, .photoslibrary, .lrdata, $RECYCLE.BIN,
    // System Volume Information, lost+found, .thumbnails, the library (11). Files: ._IMG, .DS_Store,
    // .hidden.jpg, Thumbs.db, desktop.ini, .trashed-, .pending-, the keyword leftover (8).
    expect(counts.skipped).toEqual({ junk: 19, excluded: 2, unsupported: { '.mp4': 1, '.txt': 1, '(none)': 1 } });
    expect(counts.keywordLeftovers).toEqual([join(root, `mac/.lumen-tmp-keywords-${DEAD_PID}-IMG_0002.jpg`)]);
  });

  it('skips the library in use whatever its name, and patterns anchored to the folder', async () => {
    const root = await tempDir('junk-scan-library');
    await mkdir(join(root, 'my library/thumbnails'), { recursive: true });
    await mkdir(join(root, 'raw/2019'), { recursive: true });
    await mkdir(join(root, 'keep/raw'), { recursive: true });
    await writeFile(join(root, 'my library/thumbnails/t.webp'), 'x');
    await writeFile(join(root, 'raw/2019/a.jpg'), 'x');
    await writeFile(join(root, 'keep/raw/b.jpg'), 'x');
    await writeFile(join(root, 'keep/c.jpg'), 'x');
    const counts = emptyScanCounts();
    const found: string[] = [];
    const options = { skipFolders: [join(root, 'my library')], exclude: new ExcludePatterns(['/raw/']) };
    for await (const file of scanFolder(root, [], counts, options)) found.push(relative(root, file.path));
    expect(found.sort()).toEqual(['keep/c.jpg', 'keep/raw/b.jpg']);
    expect(counts.skipped).toMatchObject({ junk: 1, excluded: 1 });
  });
});
