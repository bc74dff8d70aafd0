/**
 * Entries with a photo's name that are not files (a named pipe or socket left by a program, a link
 * that leads to a folder) are never opened (reading a pipe would wait for ever) and never left out
 * silently: each gets an error row saying what it is.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary } from '../../../src-common/contract';
import type { LumenServices } from '../../../src-main/node/lumen-services';
import { openLibrary, tempDir } from './indexer-fixtures';

let photos: string;
let services: LumenServices;
let summary: IndexSummary;
let socket: Server;

beforeAll(async () => {
  photos = await tempDir('special-files');
  execFileSync('mkfifo', [join(photos, 'pipe.jpg')]);
  execFileSync('mkfifo', [join(photos, 'pipe.txt')]);
  socket = createServer();
  await new Promise<void>((resolve) => socket.listen(join(photos, 'socket.png'), resolve));
  await mkdir(join(photos, 'album'));
  await writeFile(join(photos, 'album', 'notes.txt'), 'not a photo');
  await symlink(join(photos, 'album'), join(photos, 'folder-link.jpg'));
  services = await openLibrary(await tempDir('special-files-lib'), 1);
  summary = await services.indexer.indexFolders([photos]);
}, 300_000);

afterAll(async () => {
  socket?.close();
  await services?.dispose();
});

describe.runIf(process.platform !== 'win32')('entries with a photo name that are not files', () => {
  it('each get an error row saying what they are, and count as found and failed', () => {
    const reasons = new Map(services.photos.listErrors().map((e) => [relative(photos, e.path), e.reason]));
    expect(reasons.get('pipe.jpg')).toMatch(/^this is a named pipe, not a file/);
    expect(reasons.get('socket.png')).toMatch(/^this is a socket, not a file/);
    expect(reasons.get('folder-link.jpg')).toMatch(/^this link leads to a folder/);
    expect(reasons.size).toBe(3);
    expect(summary).toMatchObject({ found: 3, failed: 3, indexed: 0 });
  });

  it('with other names are counted among the files Lumen does not read (the pipe.txt beside album/notes.txt)', () => {
    expect(summary.skipped.unsupported).toEqual({ '.txt': 2 });
  });
});
