/** Immich's model layout in tests: the files Lumen reads from it, and the ARM NN files it must leave alone. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The files of a model in Immich's layout that Lumen reads, records and installs, sorted. */
export const IMMICH_FILES_LUMEN_READS: readonly string[] = [
  'config.json',
  'textual/model.onnx',
  'textual/tokenizer.json',
  'textual/tokenizer_config.json',
  'visual/model.onnx',
  'visual/preprocess_cfg.json',
].sort();

/** Writes the ARM NN graphs Immich ships beside the ONNX ones in `folder` (Immich's layout); they are not ONNX graphs. */
export async function writeArmNnFiles(folder: string): Promise<void> {
  await mkdir(join(folder, 'textual/fp16'), { recursive: true });
  await writeFile(join(folder, 'textual/fp16/model.armnn'), 'an ARM NN graph');
  await writeFile(join(folder, 'visual/model.armnn'), 'an ARM NN graph');
}
