/**
 * Catalogue entries for the export stand-ins: a real entry's repositories, pinned commits, file
 * paths, targets and recommendations, with each file's size and SHA-256 read from the stand-in the
 * loopback hub serves in its place (as the real ones were read from the hub's listing). Files the
 * stand-in does not have (a real repository's vocab.txt beside its tokenizer.json) are left out.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CatalogDtype, CatalogEntry, CatalogFile, TowerName } from '../../../src-main/node/models/catalog/catalog-types';

/** `folders`: the stand-in folder served for each repository the entry takes files from. */
export async function standInCatalogEntry(entry: CatalogEntry, folders: Readonly<Record<string, string>>): Promise<CatalogEntry> {
  const restate = async (files: readonly CatalogFile[]): Promise<CatalogFile[]> => {
    const out: CatalogFile[] = [];
    for (const file of files) {
      const folder = folders[file.repo];
      if (folder === undefined) throw new Error(`no stand-in folder for ${file.repo}`);
      const path = join(folder, file.path);
      const info = await stat(path).catch(() => null);
      if (!info) continue;
      // What the real entry pins, the stand-in entry pins too; what it leaves to the hub's listing stays unpinned.
      const pinned = file.sha256 !== null || file.gitBlobSha1 !== undefined;
      const { gitBlobSha1: _sha1, ...rest } = file;
      out.push({
        ...rest,
        bytes: file.bytes === null ? null : info.size,
        sha256: pinned
          ? createHash('sha256')
              .update(await readFile(path))
              .digest('hex')
          : null,
      });
    }
    return out;
  };
  const towers = async (tower: TowerName): Promise<Partial<Record<CatalogDtype, readonly CatalogFile[]>>> => {
    const out: Partial<Record<CatalogDtype, readonly CatalogFile[]>> = {};
    for (const [dtype, files] of Object.entries(entry.towers[tower]) as Array<[CatalogDtype, readonly CatalogFile[]]>) {
      const restated = await restate(files);
      if (restated.length === files.length) out[dtype] = restated;
    }
    return out;
  };
  return { ...entry, common: await restate(entry.common), towers: { vision: await towers('vision'), text: await towers('text') } };
}
