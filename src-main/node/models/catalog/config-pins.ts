import { pinnedVariant, type GraphName, type ModelVariant } from '../../model/model-variant';
import type { CatalogDtype, CatalogEntry, DtypeChoice, TowerName } from './catalog-types';

/** The catalogue's name for each of the loader's precisions (transformers.js calls `_quantized` q8). */
const CATALOG_DTYPE: Readonly<Record<ModelVariant, CatalogDtype>> = {
  fp32: 'fp32',
  quantized: 'q8',
  fp16: 'fp16',
  int8: 'int8',
  uint8: 'uint8',
  q4: 'q4',
  q4f16: 'q4f16',
  bnb4: 'bnb4',
};

const TOWER_GRAPH: Readonly<Record<TowerName, GraphName>> = { vision: 'vision_model', text: 'text_model' };

/**
 * The precision config.json's `transformers.js_config.dtype` pins per tower (MobileCLIP pins an fp32
 * vision tower: its quantized one is broken). The loader runs the pinned file whatever was asked,
 * so an install must fetch that one. `combined`: both towers are `onnx/model*.onnx`, pinned as `model`.
 */
export function configPins(config: Record<string, unknown> | null, combined = false): Partial<Record<TowerName, CatalogDtype>> {
  if (config === null) return {};
  const pins: Partial<Record<TowerName, CatalogDtype>> = {};
  for (const tower of ['vision', 'text'] as const) {
    const variant = pinnedVariant(config, combined ? 'model' : TOWER_GRAPH[tower]);
    if (variant !== null) pins[tower] = CATALOG_DTYPE[variant];
  }
  return pins;
}

/** Each tower's precision: what config.json pins for it, else the one chosen. */
export function withPins(choice: DtypeChoice, pins: Partial<Record<TowerName, CatalogDtype>>): DtypeChoice {
  return { vision: pins.vision ?? choice.vision, text: pins.text ?? choice.text };
}

/**
 * The pins of an entry's config.json for the towers it ships in the transformers.js layout
 * (`onnx/<tower>_model*.onnx`); a sentence-transformers text tower beside them names its own files
 * and the loader reads no pin for it.
 */
export function catalogConfigPins(entry: CatalogEntry, config: Record<string, unknown> | null): Partial<Record<TowerName, CatalogDtype>> {
  const pins = configPins(config);
  const transformersJs = (tower: TowerName): boolean =>
    Object.values(entry.towers[tower])
      .flat()
      .some((file) => (file.target ?? file.path).startsWith(`onnx/${tower}_model`));
  return {
    ...(pins.vision && transformersJs('vision') ? { vision: pins.vision } : {}),
    ...(pins.text && transformersJs('text') ? { text: pins.text } : {}),
  };
}
