import { LumenFailure } from '../../../../src-common/result';
import { withPins } from './config-pins';
import type { CatalogDtype, CatalogEntry, CatalogFile, DtypeChoice, TowerName } from './catalog-types';
import { JINA_CLIP_V1 } from './entries/jina-clip';
import { MOBILECLIP_S0, MOBILECLIP_S1, MOBILECLIP_S2 } from './entries/mobileclip';
import { CLIP_B32_MULTILINGUAL } from './entries/multilingual-clip';
import { CLIP_VIT_B16, CLIP_VIT_B32, CLIP_VIT_L14 } from './entries/openai-clip';
import { SIGLIP2_BASE_224, SIGLIP_BASE_224 } from './entries/siglip';

/** The models Lumen recommends, the small default first. */
export const BUILT_IN_CATALOG: readonly CatalogEntry[] = [
  CLIP_VIT_B32,
  CLIP_VIT_B16,
  CLIP_VIT_L14,
  SIGLIP_BASE_224,
  SIGLIP2_BASE_224,
  MOBILECLIP_S0,
  MOBILECLIP_S1,
  MOBILECLIP_S2,
  JINA_CLIP_V1,
  CLIP_B32_MULTILINGUAL,
];

/** What a fresh install offers to download. */
export const RECOMMENDED_MODEL_ID = CLIP_VIT_B32.id;

/** A catalogue: the built-in one, or another a caller passes in (a mirror's, a test's). */
export class ModelCatalog {
  constructor(readonly entries: readonly CatalogEntry[] = BUILT_IN_CATALOG) {}

  find(id: string): CatalogEntry | undefined {
    return this.entries.find((entry) => entry.id === id);
  }

  /** The entry a fresh install recommends: the first one. */
  recommended(): CatalogEntry {
    const first = this.entries[0];
    if (!first) throw new LumenFailure('missing-model', 'the model catalogue is empty');
    return first;
  }
}

/**
 * The precisions to install: the entry's recommendation for the device, or one precision for both
 * towers; a tower whose precision the export's config.json pins (`pins`, see config-pins.ts) gets that one.
 */
export function chooseDtypes(
  entry: CatalogEntry,
  target: 'cpu' | 'gpu',
  both?: CatalogDtype,
  pins: Partial<Record<TowerName, CatalogDtype>> = {},
): DtypeChoice {
  const choice = withPins(both ? { vision: both, text: both } : entry.recommended[target], pins);
  for (const tower of ['vision', 'text'] as const) {
    if (!entry.towers[tower][choice[tower]]) {
      const offered = Object.keys(entry.towers[tower]).join(', ');
      throw new LumenFailure('bad-argument', `${entry.id} has no ${choice[tower]} ${tower} tower in the catalogue; it offers ${offered}`);
    }
  }
  return choice;
}

/** Every file an install of these precisions fetches. */
export function filesFor(entry: CatalogEntry, dtypes: DtypeChoice): CatalogFile[] {
  const towers = (['vision', 'text'] as const satisfies readonly TowerName[]).flatMap((tower) => entry.towers[tower][dtypes[tower]] ?? []);
  return [...entry.common, ...towers];
}

/** The download's size in bytes, and whether some file's size is not known (then the sum is a lower bound). */
export function downloadSize(entry: CatalogEntry, dtypes: DtypeChoice): { bytes: number; complete: boolean } {
  const files = filesFor(entry, dtypes);
  return { bytes: files.reduce((sum, file) => sum + (file.bytes ?? 0), 0), complete: files.every((file) => file.bytes !== null) };
}

/** The revision a file of the entry is fetched at (null: resolve the hub's main at install time). */
export function revisionOf(entry: CatalogEntry, repo: string): string | null {
  if (repo === entry.repo) return entry.revision;
  return entry.otherRevisions?.[repo] ?? null;
}
