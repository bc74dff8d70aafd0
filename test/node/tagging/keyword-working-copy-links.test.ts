/**
 * Keyword writing works on a copy of the photo or sidecar. In a folder another account may write (a
 * family share, a folder under /tmp), that account can put links first at every name it can work
 * out (from the process id and the photo's name, and exiftool's `<copy>_exiftool_tmp` beside it),
 * pointing at one of our own files such as ~/.ssh/authorized_keys, or at a name where one could be
 * made. No write may go through such a link: the linked file stays as it was, no file appears at a
 * dangling link's target, and the photo and sidecar stay plain files.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeEach, expect, it } from 'vitest';
import { emptyScanCounts, scanFolder } from '../../../src-main/node/indexer/scan-folder';
import { KeywordWriter } from '../../../src-main/node/tagging/keyword-writer';
import { tempDir } from '../indexer/indexer-fixtures';
import { DEAD_PID } from '../indexer/real-world-tree';

const writer = new KeywordWriter();
afterAll(() => writer.dispose());

const ORIGINAL = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOwnOwner owner@home\n';
let shared: string;
let ownFile: string;
let notYetMade: string;
beforeEach(async () => {
  shared = await tempDir('shared-photos');
  // One of our own files outside the shared folder: what a planted link points at.
  ownFile = join(await tempDir('own-files'), 'authorized_keys');
  writeFileSync(ownFile, ORIGINAL, { mode: 0o600 });
  notYetMade = join(dirname(ownFile), 'authorized_keys2');
});

/** Links at the working names another account can work out for `file`: Lumen's own, as named before, and exiftool's beside it. */
function plantLinks(file: string): void {
  const guessed = join(dirname(file), `.lumen-tmp-keywords-${process.pid}-${basename(file)}`);
  symlinkSync(ownFile, guessed);
  symlinkSync(notYetMade, `${guessed}_exiftool_tmp`);
}

function expectOwnFilesUntouched(): void {
  expect(readFileSync(ownFile, 'utf8')).toBe(ORIGINAL);
  expect(existsSync(notYetMade)).toBe(false);
}

async function jpeg(path: string): Promise<void> {
  await sharp({ create: { width: 32, height: 24, channels: 3, background: '#3060a0' } })
    .jpeg()
    .toFile(path);
}

it('embedding keywords never writes through links planted at the working names', async () => {
  const photo = join(shared, 'p00.jpg');
  await jpeg(photo);
  plantLinks(photo);

  await writer.startExport().embedInOriginal(photo, ['beach']);

  expectOwnFilesUntouched();
  expect(lstatSync(photo).isFile()).toBe(true);
  expect((await writer.readKeywords(photo)).Subject).toEqual(['beach']);
});

it('updating a sidecar never writes through links planted at the working names', async () => {
  const photo = join(shared, 'p01.jpg');
  await jpeg(photo);
  const sidecar = await writer.startExport().writeSidecar(photo, ['sea']);
  plantLinks(sidecar);

  await writer.startExport().writeSidecar(photo, ['beach']);

  expectOwnFilesUntouched();
  expect(lstatSync(sidecar).isFile()).toBe(true);
  expect((await writer.readKeywords(sidecar)).Subject).toEqual(['sea', 'beach']);
});

it('a working folder a killed export left is removed by the next export, and found by the next index', async () => {
  const photo = join(shared, 'p02.jpg');
  await jpeg(photo);
  const leftover = join(shared, `.lumen-tmp-keywords-${DEAD_PID}-Xy12Ab`);
  mkdirSync(leftover);
  writeFileSync(join(leftover, 'p02.jpg'), 'half a copy');

  const counts = emptyScanCounts();
  for await (const file of scanFolder(shared, [], counts)) expect(file.path).toBe(photo);
  expect(counts.keywordLeftovers).toEqual([leftover]);

  await writer.startExport().embedInOriginal(photo, ['beach']);
  expect(readdirSync(shared)).toEqual(['p02.jpg']);
});
