import { basename, dirname, join, resolve } from 'node:path';
import type { CategoryInput, CategorySetSummary, ClassifiedPhoto, ClassifyRequest, ClassifyResponse } from '../../../src-common/contract';
import { LumenFailure } from '../../../src-common/result';
import type { EmbedWorkerClient } from '../indexer/embed-worker/worker-client';
import type { EmbeddingRepository } from '../library/embedding-repository';
import type { PhotoRepository } from '../library/photo-repository';
import { unit } from '../search/vector-math';
import type { ModelScale } from '../tagging/model-scale';
import { classTextVectors } from '../tagging/prompt-ensemble';
import type { CategoryRepository, CategorySetRecord } from './category-repository';
import { scoreCategories, type CategoryModel } from './category-scorer';
import { collisionSafeDestination } from './collision-safe-name';
import type { FileMover, PlannedTransfer } from './file-mover';
import { vectorsForBytes, vectorsForFiles } from './photo-vectors';

export interface ClassifyServiceDeps {
  categories: CategoryRepository;
  photos: PhotoRepository;
  embeddings: EmbeddingRepository;
  worker: EmbedWorkerClient;
  towerRowId: number;
  embedDim: number;
  scale: ModelScale;
  mover: FileMover;
}

export const UNSURE = 'unsure';

/**
 * Sorting photos into named categories ("drag and drop classify"): each category is words and/or
 * example photos; every photo gets ranked probabilities and an outcome ("unsure" below the set's
 * threshold), and optionally is copied or moved into its category's folder as a journaled batch.
 */
export class ClassifyService {
  constructor(private readonly deps: ClassifyServiceDeps) {}

  async defineCategory(setName: string, input: CategoryInput, unsureBelow?: number): Promise<CategorySetSummary> {
    const set = this.deps.categories.ensureSet(setName, unsureBelow);
    const category = this.deps.categories.upsertCategory(set.id, input.name, input.descriptions ?? [], input.folder ? resolve(input.folder) : undefined);
    const examples = (input.examples ?? []).map((path) => resolve(path));
    const vectors = await vectorsForFiles(this.deps, examples);
    vectors.forEach((outcome, i) => {
      if (!outcome.ok) throw new LumenFailure('unreadable-photo', `cannot use ${examples[i]} as an example: ${outcome.reason}`);
    });
    vectors.forEach((outcome, i) => {
      if (outcome.ok) this.deps.categories.addExample(category.id, this.deps.towerRowId, examples[i] as string, outcome.vector);
    });
    return this.summarize(set);
  }

  listSets(): CategorySetSummary[] {
    return this.deps.categories.listSets().map((set) => this.summarize(set));
  }

  async classify(request: ClassifyRequest): Promise<ClassifyResponse> {
    const set = this.deps.categories.requireSet(request.into);
    const models = await this.categoryModels(set);
    const files = request.files.map((file) => resolve(file));
    const dropped = request.images ?? [];
    const vectors = [...(await vectorsForFiles(this.deps, files)), ...(await vectorsForBytes(this.deps.worker, dropped))];
    const taken = new Set<string>();
    const transfers: PlannedTransfer[] = [];
    const folders = new Map(this.deps.categories.listCategories(set.id).map((c) => [c.name, c.folder]));
    const photos = [...files, ...dropped.map((image) => image.name)].map((path, i): ClassifiedPhoto => {
      const vector = vectors[i];
      if (!vector?.ok) return { path, outcome: UNSURE, ranked: [], destination: null, error: vector?.reason ?? 'not embedded' };
      const ranked = scoreCategories(vector.vector, models, this.deps.scale.scale);
      const best = ranked[0];
      const sure = best !== undefined && best.probability >= set.unsureBelow;
      const outcome = sure ? best.category : UNSURE;
      let destination: string | null = null;
      // Dropped bytes have no file to copy or move.
      if (request.action && sure && i < files.length) {
        const folder = folders.get(best.category) ?? join(dirname(path), best.category);
        destination = collisionSafeDestination(folder, path, taken);
        transfers.push({ source: path, destination });
      }
      return { path, outcome, ranked, destination };
    });
    let batchId: number | null = null;
    if (request.action && !request.dryRun && transfers.length > 0) {
      const description = `${request.action} ${transfers.length} photo${transfers.length === 1 ? '' : 's'} into "${set.name}" categories (first: ${basename(transfers[0]?.source ?? '')})`;
      batchId = await this.deps.mover.run(request.action, description, transfers);
    }
    return { into: set.name, action: request.action ?? null, dryRun: request.dryRun ?? false, batchId, photos };
  }

  private async categoryModels(set: CategorySetRecord): Promise<CategoryModel[]> {
    const categories = this.deps.categories.listCategories(set.id);
    if (categories.length < 2) throw new LumenFailure('too-few-categories', `category set "${set.name}" needs at least two categories to choose between`);
    const texts = await classTextVectors(
      (texts) => this.deps.worker.call('embed-texts', { texts }),
      categories.map((c) => [c.name, ...c.descriptions]),
      this.deps.embedDim,
    );
    return categories.map((category, i) => ({
      name: category.name,
      text: texts[i] as Float32Array,
      examples: this.deps.categories.examples(category.id, this.deps.towerRowId).map((v) => unit(v)),
    }));
  }

  private summarize(set: CategorySetRecord): CategorySetSummary {
    return {
      name: set.name,
      unsureBelow: set.unsureBelow,
      categories: this.deps.categories.listCategories(set.id).map((c) => ({
        name: c.name,
        descriptions: c.descriptions,
        examples: this.deps.categories.countExamples(c.id),
        folder: c.folder,
      })),
    };
  }
}
