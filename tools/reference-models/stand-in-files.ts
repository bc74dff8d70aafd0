/** What the stand-in writers share: writing a folder's files, JSON as the exporters save it, and the dtype suffixes of transformers.js repositories. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { WeightPrecision } from '../onnx-builder/dynamic-quantization';

/** Writes one file of a stand-in folder, at a path relative to the folder. */
export type WriteStandInFile = (file: string, content: Uint8Array | string) => Promise<void>;

/** Writes files under `folder`, making the folders on the way. */
export function standInFileWriter(folder: string): WriteStandInFile {
  return async (file, content) => {
    await mkdir(dirname(join(folder, file)), { recursive: true });
    await writeFile(join(folder, file), content);
  };
}

/** JSON as `save_pretrained` writes it: indented by 2, with a final newline. */
export function prettyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * The file-name suffixes transformers.js repositories ship, with the precision the stand-in's
 * graph is written in. Only fp32, dynamic uint8 (`_quantized`, `_int8`, `_uint8`) and fp16
 * weights are generated; the 4-bit files (`_q4`, `_q4f16`, `_bnb4`, MatMulNBits in the real
 * repositories) hold the fp16-weight graph under their real names. The first three are the ones
 * every repository ships.
 */
export const SUFFIX_PRECISION: ReadonlyArray<[string, WeightPrecision]> = [
  ['', 'fp32'],
  ['_quantized', 'dynamic-uint8'],
  ['_fp16', 'fp16-weights'],
  ['_int8', 'dynamic-uint8'],
  ['_uint8', 'dynamic-uint8'],
  ['_q4', 'fp16-weights'],
  ['_q4f16', 'fp16-weights'],
  ['_bnb4', 'fp16-weights'],
];
