/**
 * The keyword writer against real files and the real exiftool: other apps' keywords survive byte for
 * byte, photos that share a name stem get sidecars of their own, and an export killed half way
 * leaves nothing that a later run stumbles over.
 */
import { execFile, spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ExifTool, exiftoolPath } from 'exiftool-vendored';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { KeywordWriter } from '../../../src-main/node/tagging/keyword-writer';
import { tempDir } from '../indexer/indexer-fixtures';

const exiftool = new ExifTool({ maxProcs: 1 });
const writer = new KeywordWriter();
const REPO_ROOT = join(import.meta.dirname, '../../..');

afterAll(async () => {
  await writer.dispose();
  await exiftool.end();
});

/** The photo's XMP packet as stored in the file, read by the exiftool program itself. */
async function embeddedXmp(photo: string): Promise<string> {
  const { stdout } = await promisify(execFile)(await exiftoolPath(), ['-b', '-XMP', photo], { encoding: 'utf8' });
  return stdout;
}

/** Keywords that a JSON reader would take for numbers or booleans. */
const NUMBER_LIKE = ['1.50', '1E3', '007', '0x10', 'true', '2024'];

async function jpeg(path: string, color = '#3060a0'): Promise<void> {
  await sharp({ create: { width: 32, height: 24, channels: 3, background: color } })
    .jpeg()
    .toFile(path);
}

async function png(path: string, color = '#a06030'): Promise<void> {
  await sharp({ create: { width: 32, height: 24, channels: 3, background: color } })
    .png()
    .toFile(path);
}

/** The items of one XMP list property exactly as written in the packet's text. */
function listItems(xmp: string, property: string): string[] {
  const list = new RegExp(`<${property}>\\s*<rdf:Bag>([\\s\\S]*?)</rdf:Bag>\\s*</${property}>`).exec(xmp)?.[1] ?? '';
  return [...list.matchAll(/<rdf:li>([^<]*)<\/rdf:li>/g)].map((m) => m[1] ?? '');
}

function sidecarText(subject: readonly string[], hierarchical: readonly string[]): string {
  const items = (values: readonly string[]) => values.map((v) => `<rdf:li>${v}</rdf:li>`).join('');
  return `<?xpacket begin='\uFEFF' id='W5M0MpCehiHzreSzNTczkc9d'?>
<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>
<rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/' xmlns:lr='http://ns.adobe.com/lightroom/1.0/'>
<dc:subject><rdf:Bag>${items(subject)}</rdf:Bag></dc:subject>
<lr:hierarchicalSubject><rdf:Bag>${items(hierarchical)}</rdf:Bag></lr:hierarchicalSubject>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end='w'?>`;
}

describe('keywords that look like numbers', () => {
  it('are kept byte for byte in an existing sidecar', async () => {
    const dir = await tempDir('keywords-sidecar');
    const photo = join(dir, 'photo.jpg');
    await jpeg(photo);
    await writeFile(join(dir, 'photo.xmp'), sidecarText(NUMBER_LIKE, ['lens|1.50', '1E3']));

    const sidecar = await writer.startExport().writeSidecar(photo, ['places/beach']);

    expect(sidecar).toBe(join(dir, 'photo.xmp'));
    const xmp = await readFile(sidecar, 'utf8');
    expect(listItems(xmp, 'dc:subject')).toEqual([...NUMBER_LIKE, 'beach']);
    expect(listItems(xmp, 'lr:hierarchicalSubject')).toEqual(['lens|1.50', '1E3', 'places|beach']);
  });

  it('are kept byte for byte when embedding in the photo', async () => {
    const dir = await tempDir('keywords-embed');
    const photo = join(dir, 'photo.jpg');
    await jpeg(photo);
    await exiftool.write(photo, { Subject: NUMBER_LIKE, HierarchicalSubject: ['1.50'] }, { writeArgs: ['-overwrite_original'] });
    const before = await embeddedXmp(photo);
    expect(listItems(before, 'dc:subject')).toEqual(NUMBER_LIKE);

    await writer.startExport().embedInOriginal(photo, ['beach', '1.50']);

    const xmp = await embeddedXmp(photo);
    expect(listItems(xmp, 'dc:subject')).toEqual([...NUMBER_LIKE, 'beach']);
    expect(listItems(xmp, 'lr:hierarchicalSubject')).toEqual(['1.50', 'beach']);
  });
});

describe('photos that share a name stem', () => {
  it('get a sidecar each, in the photo.jpg.xmp form, and a lone photo keeps photo.xmp', async () => {
    const dir = await tempDir('keywords-clash');
    await jpeg(join(dir, 'photo.jpg'));
    await png(join(dir, 'photo.png'));
    await jpeg(join(dir, 'solo.jpg'));

    const run = writer.startExport();
    const jpgSidecar = await run.writeSidecar(join(dir, 'photo.jpg'), ['beach']);
    const pngSidecar = await run.writeSidecar(join(dir, 'photo.png'), ['mountain']);
    const soloSidecar = await run.writeSidecar(join(dir, 'solo.jpg'), ['forest']);

    expect([jpgSidecar, pngSidecar, soloSidecar]).toEqual([join(dir, 'photo.jpg.xmp'), join(dir, 'photo.png.xmp'), join(dir, 'solo.xmp')]);
    expect(listItems(await readFile(jpgSidecar, 'utf8'), 'dc:subject')).toEqual(['beach']);
    expect(listItems(await readFile(pngSidecar, 'utf8'), 'dc:subject')).toEqual(['mountain']);
    expect((await readdir(dir)).sort()).toEqual(['photo.jpg', 'photo.jpg.xmp', 'photo.png', 'photo.png.xmp', 'solo.jpg', 'solo.xmp']);
  });

  it('keeps using a photo.jpg.xmp sidecar that is already there, even once the clash is gone', async () => {
    const dir = await tempDir('keywords-clash-kept');
    await jpeg(join(dir, 'photo.jpg'));
    await writeFile(join(dir, 'photo.jpg.xmp'), sidecarText(['from digikam'], []));

    const sidecar = await writer.startExport().writeSidecar(join(dir, 'photo.jpg'), ['beach']);

    expect(sidecar).toBe(join(dir, 'photo.jpg.xmp'));
    expect(listItems(await readFile(sidecar, 'utf8'), 'dc:subject')).toEqual(['from digikam', 'beach']);
  });
});

/** Runs embedInOriginal over the photos in a child process and SIGKILLs it as soon as a hidden working file appears. */
async function killedEmbedding(dir: string, photos: readonly string[]): Promise<number> {
  const script = `
    import { KeywordWriter } from ${JSON.stringify(join(REPO_ROOT, 'src-main/node/tagging/keyword-writer.ts'))};
    const run = new KeywordWriter().startExport();
    for (const photo of ${JSON.stringify(photos)}) await run.embedInOriginal(photo, ['beach']);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], { cwd: REPO_ROOT, stdio: 'ignore' });
  const watcher = watch(dir, (_event, name) => {
    if (name?.startsWith('.')) child.kill('SIGKILL');
  });
  await new Promise((done) => child.once('exit', done));
  watcher.close();
  return child.pid ?? 0;
}

describe('an export killed while embedding keywords', () => {
  it('leaves working files that the next export removes, and that never stop it', async () => {
    const dir = await tempDir('keywords-killed');
    const photos: string[] = [];
    for (let i = 0; i < 12; i++) {
      const photo = join(dir, `p${String(i).padStart(2, '0')}.jpg`);
      await jpeg(photo, `#${(i * 20 + 16).toString(16)}8040`);
      photos.push(photo);
    }
    let leftovers: string[] = [];
    let deadPid = 0;
    for (let attempt = 0; attempt < 6 && leftovers.length === 0; attempt++) {
      deadPid = await killedEmbedding(dir, photos);
      leftovers = (await readdir(dir)).filter((name) => name.startsWith('.'));
    }
    expect(leftovers.length).toBeGreaterThan(0);
    // What earlier versions left behind, named their way.
    await writeFile(join(dir, `.p03.jpg.lumen-${deadPid}.tmp.jpg`), await readFile(photos[3] as string));
    await writeFile(join(dir, `.p03.jpg.lumen-${deadPid}.tmp.jpg_exiftool_tmp`), 'half');

    const run = writer.startExport();
    for (const photo of photos) await run.embedInOriginal(photo, ['beach']);
    for (const photo of photos) await run.writeSidecar(photo, ['beach']);

    expect((await readdir(dir)).filter((name) => name.startsWith('.') || name.includes('exiftool_tmp'))).toEqual([]);
  });

  it('leaves alone working files of an export that is still running', async () => {
    const dir = await tempDir('keywords-alive');
    await mkdir(dir, { recursive: true });
    await jpeg(join(dir, 'photo.jpg'));
    // This process is alive: a working file with its id belongs to an export in progress.
    const inProgress = `.lumen-tmp-keywords-${process.pid}-other.jpg`;
    await writeFile(join(dir, inProgress), 'x');

    await writer.startExport().embedInOriginal(join(dir, 'photo.jpg'), ['beach']);

    expect((await readdir(dir)).filter((name) => name.startsWith('.'))).toEqual([inProgress]);
  });
});
