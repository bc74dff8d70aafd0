import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { LumenFailure } from '../../../src-common/result';
import { CATALOG_DTYPES, isCatalogDtype, type CatalogDtype, type CatalogEntry } from './catalog/catalog-types';
import type { ModelCatalog } from './catalog/model-catalog';
import { parseHubSource, type HubRepository } from './hub-source';

/** Where `lumen model add <source>` installs from. */
export type ModelSource = { kind: 'catalog'; entry: CatalogEntry } | { kind: 'hub'; repo: HubRepository } | { kind: 'folder'; folder: string };

/**
 * Reads what a person typed: a hub URL or `hf://…` is the hub; a catalogue id is that entry; a
 * folder that exists is a folder; `Org/name[@rev]` is the hub; anything else is taken as a folder
 * (and refused as one that is not there). A folder named like a catalogue id: write `./name`.
 */
export async function resolveModelSource(source: string, catalog: ModelCatalog, endpoint: string): Promise<ModelSource> {
  if (/^(https?|hf):\/\//i.test(source.trim())) {
    const repo = parseHubSource(source, endpoint);
    if (repo) return { kind: 'hub', repo };
  }
  const entry = catalog.find(source);
  if (entry) return { kind: 'catalog', entry };
  if (await stat(resolve(source)).catch(() => null)) return { kind: 'folder', folder: resolve(source) };
  const repo = parseHubSource(source, endpoint);
  if (repo) return { kind: 'hub', repo };
  return { kind: 'folder', folder: resolve(source) };
}

export function defaultModelId(source: ModelSource): string {
  switch (source.kind) {
    case 'catalog':
      return source.entry.id;
    case 'hub':
      return source.repo.name;
    case 'folder':
      return basename(source.folder);
  }
}

/** A precision as `--variant` names it: Lumen's names (`quantized`) or transformers.js' (`q8`, `q4f16`, …). */
export function dtypeNamed(value: string): CatalogDtype {
  const name = value === 'quantized' ? 'q8' : value;
  if (isCatalogDtype(name)) return name;
  throw new LumenFailure('bad-argument', `--variant must be one of fp32, quantized, ${CATALOG_DTYPES.slice(1).join(', ')}, not "${value}"`);
}
