import type { CatalogModelSummary, ModelCatalogState } from '../../../src-common/contract-settings';
import type { CliApi } from './cli-api';

/** `156 MB`, or `at least 856 MB` where a file's size is not published. */
function downloadText(model: CatalogModelSummary): string {
  const mb = Math.round(model.downloadBytes / 1_000_000);
  return model.sizeKnown ? `${mb} MB` : mb > 0 ? `at least ${mb} MB` : 'size unknown';
}

/**
 * What a person must know while the library runs the demo model: it only knows coloured shapes,
 * and the real model to install instead (with its download size), or the one to switch to.
 * Empty when a real model is in use.
 */
export function demoModelLines(catalog: ModelCatalogState): string[] {
  if (!catalog.usingDemoModel) return [];
  const lines = [
    'This library uses the demo model shapes-lit, which only knows coloured shapes (circle, square, triangle, star in 8 colours): on real photos its results mean nothing.',
  ];
  const recommended = catalog.models.find((model) => model.id === catalog.recommended);
  if (catalog.onlyDemoModel && recommended) {
    lines.push(
      `Install a real model: lumen model add ${recommended.id} (${recommended.name}, ${downloadText(recommended)} download), then lumen model use ${recommended.id}; lumen model catalog lists the others.`,
    );
  } else {
    lines.push('Switch to an installed model: lumen model use <id> (lumen model list shows them).');
  }
  if (catalog.photos > 0) lines.push(`Its ${catalog.photos} photos are then embedded again with the real model (lumen index).`);
  return lines;
}

export async function demoModelNotice(api: CliApi): Promise<string[]> {
  return demoModelLines(await api('modelCatalog'));
}
