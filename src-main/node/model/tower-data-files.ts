import { open, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, relative } from 'node:path';
import { LumenFailure } from '../../../src-common/result';
import { OnnxFormatError, readOnnxGraph, type OnnxGraph } from './onnx-graph-reader';

const GiB = 1024 ** 3;

/**
 * Most bytes one tower may take on disk, its graph and external data files together. The biggest
 * real towers keep 3.5 GB in `model.onnx_data` (jina-clip-v2 fp32, both towers in one graph);
 * a tower that claims tens of gigabytes would be loaded whole into memory by onnxruntime.
 */
export const MAX_TOWER_BYTES = 8 * GiB;

const LFS_POINTER_START = 'version https://git-lfs.github.com/spec/v1';

/**
 * A Git LFS pointer instead of the file: what a repository cloned without git-lfs holds for
 * every large file (three short lines: version, oid sha256:…, size). Named as such, because
 * onnxruntime would only say "Protobuf parsing failed" and a JSON parser "unexpected token".
 */
export async function refuseLfsPointer(path: string, label: string): Promise<void> {
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return;
  try {
    const head = Buffer.alloc(LFS_POINTER_START.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead === head.length && head.toString('latin1') === LFS_POINTER_START) {
      throw new LumenFailure(
        'bad-model',
        `model file ${label} is a Git LFS pointer, not the file itself: the repository was cloned without git-lfs, so run "git lfs pull" in ${dirname(path)} or install the model from its hub address (${path})`,
      );
    }
  } finally {
    await handle.close();
  }
}

/**
 * The external data files a tower graph keeps its weights in (`vision_model.onnx_data`, say),
 * relative to the model folder, in the order the graph names them. Each must be a file inside the
 * folder (the allocation check already refuses a location outside it), not an LFS pointer, and the
 * tower with its data must stay under MAX_TOWER_BYTES.
 */
export async function towerDataFiles(root: string, towerFile: string): Promise<string[]> {
  const towerPath = join(root, towerFile);
  let graph: OnnxGraph;
  try {
    graph = readOnnxGraph(towerPath);
  } catch (error) {
    // Not readable as ONNX: onnxruntime refuses it with its own reason when the session opens.
    if (error instanceof OnnxFormatError || error instanceof RangeError) return [];
    throw error;
  }
  const locations = new Set<string>();
  const collect = (g: OnnxGraph): void => {
    for (const tensor of g.initializers) if (tensor.externalLocation !== null) locations.add(tensor.externalLocation);
    g.subgraphs.forEach(collect);
  };
  collect(graph);
  let total = (await stat(towerPath)).size;
  const files: string[] = [];
  for (const location of locations) {
    const file = relative(root, join(dirname(towerPath), normalize(location)))
      .split('\\')
      .join('/');
    // A location outside the folder is refused, with the weight it holds, by the allocation check.
    if (isAbsolute(location) || file.startsWith('..')) continue;
    const path = join(root, file);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) {
      throw new LumenFailure('missing-model', `model file missing: ${file}, where ${towerFile} keeps its weights (expected at ${path})`);
    }
    await refuseLfsPointer(path, file);
    total += info.size;
    files.push(file);
  }
  if (total > MAX_TOWER_BYTES) {
    throw new LumenFailure(
      'bad-model',
      `model file ${towerFile} and its weight files take ${(total / GiB).toFixed(1)} GB, more than the ${MAX_TOWER_BYTES / GiB} GB Lumen loads for one tower (${towerPath})`,
    );
  }
  return files;
}
