import type { CatalogDtype, CatalogFile, TowerName } from './catalog-types';

/** transformers.js' file-name suffix for each precision of an `onnx/<tower>_model<suffix>.onnx` export. */
const TRANSFORMERS_JS_SUFFIX: Readonly<Partial<Record<CatalogDtype, string>>> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/** The path of a tower file in a transformers.js export: `onnx/vision_model_fp16.onnx`. */
export function towerPath(tower: TowerName, dtype: CatalogDtype): string {
  return graphPath(`${tower}_model`, dtype);
}

/** The path of the one graph holding both towers (jina-clip-v2): `onnx/model_fp16.onnx`. */
export function combinedGraphPath(dtype: CatalogDtype): string {
  return graphPath('model', dtype);
}

function graphPath(graph: string, dtype: CatalogDtype): string {
  const suffix = TRANSFORMERS_JS_SUFFIX[dtype];
  if (suffix === undefined) throw new Error(`${dtype} is not a transformers.js precision`);
  return `onnx/${graph}${suffix}.onnx`;
}

/** One tower file of a transformers.js export, as the hub lists it. */
export function towerFile(repo: string, tower: TowerName, dtype: CatalogDtype, bytes: number | null, sha256: string | null): readonly CatalogFile[] {
  return [{ repo, path: towerPath(tower, dtype), bytes, sha256 }];
}
