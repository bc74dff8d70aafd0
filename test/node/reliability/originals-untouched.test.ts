/**
 * Originals: Lumen never changes a photo file unless embedded-keyword writing was opted
 * into. A folder of real photos (shapes-world renders plus corpus photos and awkward files) goes
 * through everything that reads them — index, search (text and by example), auto-tag, accept
 * suggestions and tag by hand, export XMP sidecars (not embedding), classify with copy, a dry-run
 * move, undo of the copy, a second index run — and the SHA-256 of every original is compared
 * before and after. A last step opts into embedding on a separate copy, to show the comparison
 * does catch a changed file.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { sidecarPathOf } from '../../../src-main/node/tagging/keyword-writer';
import { COLORS, SHAPES, renderShapesSet } from '../../support/independent-shapes-renderer';
import { CORPUS, tempDir } from '../indexer/indexer-fixtures';

let photosDir: string;
let services: LumenServices;
const before = new Map<string, { sha256: string; mtimeMs: number; size: number }>();
const steps: string[] = [];

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

async function fingerprint(path: string): Promise<{ sha256: string; mtimeMs: number; size: number }> {
  const info = await stat(path);
  return {
    sha256: createHash('sha256')
      .update(await readFile(path))
      .digest('hex'),
    mtimeMs: info.mtimeMs,
    size: info.size,
  };
}

beforeAll(async () => {
  const base = await tempDir('originals');
  photosDir = join(base, 'photos');
  await renderShapesSet(join(photosDir, 'shapes'), { perPair: 1, seed: 2_026_09 });
  await mkdir(join(photosDir, 'corpus'), { recursive: true });
  for (const name of ['rocket.jpg', 'hubble_deep_field.jpg', 'horse.png', 'page.png'])
    await copyFile(join(CORPUS, 'photos', name), join(photosDir, 'corpus', name));
  for (const name of ['multipage.tif', 'no_time_for_that_tiny.gif', 'truncated.jpg', 'palette_color.png'])
    await copyFile(join(CORPUS, 'hard', name), join(photosDir, 'corpus', name));
  for (const file of await filesUnder(photosDir)) before.set(file, await fingerprint(file));
  services = await LumenServices.open({ libraryDir: join(base, 'library') });
}, 300_000);

afterAll(async () => {
  await services?.dispose();
});

describe('originals are never changed', () => {
  it('survive index, search, auto-tag, decisions, sidecar export, classify with copy, undo and a re-index byte for byte', async () => {
    const indexed = await services.indexer.indexFolders([photosDir]);
    expect(indexed.indexed + indexed.reused).toBeGreaterThan(30);
    steps.push(`index (${indexed.indexed} indexed, ${indexed.failed} refused)`);

    const search = await services.search.search({ text: 'a red circle', limit: 5 });
    expect(search.hits.length).toBe(5);
    const like = await services.search.search({ text: '', like: [search.hits[0]?.photoId ?? 0], limit: 5, groupDuplicates: true });
    expect(like.hits.length).toBeGreaterThan(0);
    steps.push('search (text, by example, grouped)');

    for (const name of [...COLORS, ...SHAPES]) services.tags.addTag(name);
    const run = await services.tags.run();
    expect(run.cancelled).toBe(false);
    steps.push(`auto-tag (${run.photos} photos, ${Object.values(run.suggested).reduce((a, b) => a + b, 0)} suggestions)`);
    services.tags.decideAllSuggestions('red', 'accepted');
    services.tags.decideAllSuggestions('blue', 'rejected');
    const someIds = search.hits.slice(0, 3).map((h) => h.photoId);
    services.tags.addTag('keeper');
    services.tags.decide('keeper', someIds, 'accepted');
    services.tags.rename('keeper', 'favourite');
    steps.push('accept/reject suggestions, tag by hand, rename');

    const exported = await services.tags.exportKeywords({ embedInOriginals: false });
    expect(exported.embedded).toEqual([]);
    expect(exported.sidecars.length).toBeGreaterThan(0);
    for (const sidecar of exported.sidecars) expect(before.has(sidecar)).toBe(false);
    steps.push(`export XMP sidecars (${exported.sidecars.length} written, embedding off)`);

    for (const shape of SHAPES) await services.classify.defineCategory('shapes', { name: shape });
    const originals = [...before.keys()];
    const dry = await services.classify.classify({ into: 'shapes', files: originals, action: 'move', dryRun: true });
    expect(dry.batchId).toBeNull();
    const copied = await services.classify.classify({ into: 'shapes', files: originals, action: 'copy' });
    const destinations = copied.photos.flatMap((p) => (p.destination ? [p.destination] : []));
    expect(destinations.length).toBeGreaterThan(0);
    for (const destination of destinations) expect(before.has(destination)).toBe(false);
    steps.push(`classify: dry-run move, then copy (${destinations.length} copies)`);

    const undone = await services.undo.undoLast();
    expect(undone.action).toBe('copy');
    steps.push(`undo the copy (${undone.restored.length} copies removed)`);

    const again = await services.indexer.indexFolders([photosDir]);
    expect(again.removed).toBe(0);
    steps.push('index again');

    const changed: string[] = [];
    for (const [file, was] of before) {
      const now = await fingerprint(file);
      if (now.sha256 !== was.sha256 || now.size !== was.size || now.mtimeMs !== was.mtimeMs) changed.push(file);
    }
    console.log(`originals: ${before.size} files hashed (SHA-256) before and after ${steps.length} steps: ${steps.join('; ')}; ${changed.length} changed`);
    expect(changed).toEqual([]);
  });

  it('changes a photo only when embedding keywords was opted into (the check above does catch changes)', async () => {
    const [first] = [...before.keys()].filter((f) => f.endsWith('.jpg') && f.includes('/shapes/'));
    const optIn = join(photosDir, 'opt-in');
    await mkdir(optIn);
    const target = join(optIn, 'copy.jpg');
    await copyFile(first as string, target);
    await services.indexer.indexFolders([optIn]);
    const was = await fingerprint(target);
    services.tags.addTag('opted');
    services.tags.decide('opted', [target], 'accepted');
    const sidecarOnly = await services.tags.exportKeywords({ scope: { photos: [target] } });
    expect(sidecarOnly.sidecars).toEqual([sidecarPathOf(target)]);
    expect((await fingerprint(target)).sha256).toBe(was.sha256);
    const embedded = await services.tags.exportKeywords({ embedInOriginals: true, scope: { photos: [target] } });
    expect(embedded.embedded).toEqual([target]);
    expect((await fingerprint(target)).sha256).not.toBe(was.sha256);
  });
});
