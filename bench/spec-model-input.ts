/**
 * The decode stage's view of a model (its preprocessing) built from the model folder's
 * preprocessor_config.json alone, so benchmark processes measure decoding without loading the
 * towers. Same spec parser and preprocessing functions as ImageTextModel.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelInput } from '../src-main/node/indexer/embed-worker/decode-for-model';
import { prepareImage, preprocessResizeTarget } from '../src-main/node/model/image-preprocessor';
import type { JsonObject } from '../src-main/node/model/model-folder';
import { parsePreprocessSpec } from '../src-main/node/model/preprocess-spec';

export async function specModelInput(modelFolder: string): Promise<ModelInput> {
  const spec = parsePreprocessSpec(JSON.parse(await readFile(join(modelFolder, 'preprocessor_config.json'), 'utf8')) as JsonObject);
  return {
    prepareImage: (image) => prepareImage(image, spec),
    resizeTargetFor: (size) => preprocessResizeTarget(size, spec),
  };
}
