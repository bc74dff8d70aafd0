import { downloadSize, chooseDtypes, type ModelCatalog } from '../models/catalog/model-catalog';
import type { CatalogEntry } from '../models/catalog/catalog-types';

/** Megabytes as a person reads them: `153 MB`, `1.2 GB`; `≥` where a file's size is not known. */
export function sizeText(bytes: number, complete: boolean): string {
  const prefix = complete ? '' : '≥ ';
  if (bytes === 0 && !complete) return 'size unknown';
  return bytes >= 1_000_000_000 ? `${prefix}${(bytes / 1_000_000_000).toFixed(1)} GB` : `${prefix}${Math.round(bytes / 1_000_000)} MB`;
}

/** One entry as `lumen model catalog --json` and the window list it: the entry, and its download per recommendation. */
export function catalogRow(
  entry: CatalogEntry,
  recommendedId: string,
): CatalogEntry & {
  recommendedForFirstRun: boolean;
  sizes: Record<'cpu' | 'gpu', { bytes: number; complete: boolean; dtypes: { vision: string; text: string } }>;
} {
  const size = (target: 'cpu' | 'gpu'): { bytes: number; complete: boolean; dtypes: { vision: string; text: string } } => {
    const dtypes = chooseDtypes(entry, target);
    return { ...downloadSize(entry, dtypes), dtypes: { ...dtypes } };
  };
  return { ...entry, recommendedForFirstRun: entry.id === recommendedId, sizes: { cpu: size('cpu'), gpu: size('gpu') } };
}

/** `lumen model catalog`: one block per model, the recommended one marked. */
export function catalogText(catalog: ModelCatalog): string {
  const recommended = catalog.recommended().id;
  const lines: string[] = [];
  for (const entry of catalog.entries) {
    const row = catalogRow(entry, recommended);
    const cpu = row.sizes.cpu;
    const gpu = row.sizes.gpu;
    lines.push(`${entry.id === recommended ? '*' : ' '} ${entry.id}  ${entry.name}`);
    lines.push(
      `    CPU: ${sizeText(cpu.bytes, cpu.complete)} (vision ${cpu.dtypes.vision}, text ${cpu.dtypes.text})   GPU: ${sizeText(gpu.bytes, gpu.complete)} (vision ${gpu.dtypes.vision}, text ${gpu.dtypes.text})`,
    );
    lines.push(`    ${entry.quality.note} [${entry.quality.source}]`);
    lines.push(
      `    languages: ${entry.languages.join(', ')}; ${entry.revision ? `pinned to ${entry.repo}@${entry.revision.slice(0, 12)}` : `${entry.repo}, not pinned (no published commit found)`}`,
    );
  }
  lines.push('', '* recommended. Install one with: lumen model add <id>   (hashes: where they were read, in lumen model catalog --json)');
  return `${lines.join('\n')}\n`;
}
