/**
 * What a search must answer, computed directly: the library's photos ranked by the cosine of the
 * query's vector (from the model folder's text tower) against the image vectors the library stores
 * for its current image tower.
 */
import { LumenServices } from '../../src-main/node/lumen-services';
import { ImageTextModel } from '../../src-main/node/model/image-text-model';
import { cosine } from '../node/model/reference/vector-agreement';

export interface RankedPhoto {
  path: string;
  score: number;
}

export async function rankByStoredVectors(libraryDir: string, modelFolder: string, query: string): Promise<RankedPhoto[]> {
  const model = await ImageTextModel.load(modelFolder, { intraOpNumThreads: 1 });
  const [text] = await model.embedTexts([query]).finally(() => model.dispose());
  const services = await LumenServices.open({ libraryDir, indexWorkers: 1 });
  try {
    const rows = services.db.prepare<[], { id: number; path: string }>('SELECT id, path FROM photos').all();
    return rows
      .map(({ id, path }) => ({ path, score: cosine(services.embeddings.getEmbedding(id, services.towerRowId) as Float32Array, text as Float32Array) }))
      .sort((a, b) => b.score - a.score);
  } finally {
    await services.dispose();
  }
}
