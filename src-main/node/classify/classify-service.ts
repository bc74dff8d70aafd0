import { basename, resolve } from 'node:path';
import type { CategoryInput, CategorySetSummary, ClassifiedPhoto, ClassifyRequest, ClassifyResponse } from '../../../src-common/contract';
import { LumenFailure } from '../../../src-common/result';
import { NEVER_CANCELLED, throwIfCancelled, type CancellationToken } from '../../../src-common/cancellation';
import { validateCategoryName } from '../../../src-common/contract-arguments';
import type { ImageTextEncoder } from '../inference/image-text-encoder';
import type { EmbeddingRepository } from '../library/embedding-repository';
import type { PhotoRepository } from '../library/photo-repository';
import { unit } from '../search/vector-math';
import type { ScoreRule } from '../model/match-probability';
import { classTextVectors } from '../tagging/prompt-ensemble';
import type { CategoryRepository, CategorySetRecord } from './category-repository';
import { scoreCategories, type CategoryModel } from './category-scorer';
import { collisionSafeDestination } from './collision-safe-name';
import type { FileMover, PlannedTransfer } from './file-mover';
import { categoryFolder, requireFolderOrNothing } from './category-folder';
import { CLASSIFY_CANCELLED, vectorsForBytes, vectorsForFiles, type PhotoVector } from './photo-vectors';
import { firstListings, withRepeatedListings } from './repeated-listings';

export interface ClassifyServiceDeps {
  categories: CategoryRepository;
  photos: PhotoRepository;
  embeddings: EmbeddingRepository;
  encoder: ImageTextEncoder;
  towerRowId: number;
  embedDim: number;
  /** The serving model's scoring rule (ModelStatus.scoreRule). */
  scoreRule: ScoreRule;
  mover: FileMover;
}

export const UNSURE = 'unsure';

/** What classifying one batch of photos builds up as it goes. */
interface PlanningState {
  set: CategorySetRecord;
  models: CategoryModel[];
  folders: Map<string, string | null>;
  /** Destinations given out so far (with the disk, what collisionSafeDestination avoids). */
  taken: Set<string>;
  transfers: PlannedTransfer[];
  act: boolean;
}

/**
 * Sorting photos into named categories ("drag and drop classify"): each category is words and/or
 * example photos; every photo gets ranked probabilities and an outcome ("unsure" below the set's
 * threshold), and optionally is copied or moved into its category's folder as a journaled batch.
 */
export class ClassifyService {
  constructor(private readonly deps: ClassifyServiceDeps) {}

  async defineCategory(setName: string, input: CategoryInput, unsureBelow?: number): Promise<CategorySetSummary> {
    const name = validateCategoryName(input.name);
    if (!name.ok) throw new LumenFailure(name.error.code, name.error.message);
    const folder = input.folder ? resolve(input.folder) : undefined;
    if (folder !== undefined) await requireFolderOrNothing(folder, name.value);
    const set = this.deps.categories.ensureSet(setName, unsureBelow);
    const category = this.deps.categories.upsertCategory(set.id, name.value, input.descriptions ?? [], folder);
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

  /**
   * A cancelled token stops the batch while its photos are embedded or planned, before any file is
   * copied or moved (`cancelled`). Once filing has begun it finishes: the journaled batch is then
   * whole, and `lumen undo` puts it back.
   */
  async classify(request: ClassifyRequest, token: CancellationToken = NEVER_CANCELLED): Promise<ClassifyResponse> {
    const set = this.deps.categories.requireSet(request.into);
    const models = await this.categoryModels(set);
    const files = request.files.map((file) => resolve(file));
    // A file named twice (or by two paths, through a link) is classified, copied or moved once.
    const firstListing = await firstListings(files);
    const unique = [...new Set(firstListing)].map((index) => files[index] as string);
    const dropped = request.images ?? [];
    const vectors = [...(await vectorsForFiles(this.deps, unique, token)), ...(await vectorsForBytes(this.deps.encoder, dropped))];
    const taken = new Set<string>();
    const transfers: PlannedTransfer[] = [];
    const folders = new Map(this.deps.categories.listCategories(set.id).map((c) => [c.name, c.folder]));
    const classified: ClassifiedPhoto[] = [];
    // One at a time, in the order given: names like "beach (2).jpg" go to the same files every run.
    for (const [i, path] of [...unique, ...dropped.map((image) => image.name)].entries()) {
      classified.push(
        await this.outcomeFor(path, vectors[i], { set, models, folders, taken, transfers, act: request.action !== undefined && i < unique.length }),
      );
    }
    throwIfCancelled(token, CLASSIFY_CANCELLED);
    let batchId: number | null = null;
    if (request.action && !request.dryRun && transfers.length > 0) {
      const description = `${request.action} ${transfers.length} photo${transfers.length === 1 ? '' : 's'} into "${set.name}" categories (first: ${basename(transfers[0]?.source ?? '')})`;
      const report = await this.deps.mover.run(request.action, description, transfers);
      batchId = report.batchId;
      for (const photo of classified) {
        const problem = report.failed.get(photo.path);
        if (problem !== undefined) Object.assign(photo, { destination: null, error: problem });
      }
    }
    const photos = [...withRepeatedListings(files, firstListing, classified), ...classified.slice(unique.length)];
    return { into: set.name, action: request.action ?? null, dryRun: request.dryRun ?? false, batchId, photos };
  }

  /** The outcome for one photo; a copy or move it needs is added to `transfers` (dropped bytes have no file to move: `act` is false). */
  private async outcomeFor(path: string, vector: PhotoVector | undefined, batch: PlanningState): Promise<ClassifiedPhoto> {
    if (!vector?.ok) return { path, outcome: UNSURE, ranked: [], destination: null, error: vector?.reason ?? 'not embedded' };
    const ranked = scoreCategories(vector.vector, batch.models, this.deps.scoreRule);
    const best = ranked[0];
    const sure = best !== undefined && best.probability >= batch.set.unsureBelow;
    const outcome = sure ? best.category : UNSURE;
    if (!batch.act || !sure) return { path, outcome, ranked, destination: null };
    const place = await categoryFolder(path, best.category, batch.folders.get(best.category) ?? null);
    if ('problem' in place) return { path, outcome, ranked, destination: null, error: place.problem };
    if (place.alreadyThere)
      return { path, outcome, ranked, destination: null, note: `already in the "${best.category}" folder ${place.folder}; left where it is` };
    const destination = collisionSafeDestination(place.folder, path, batch.taken);
    batch.transfers.push({ source: path, destination });
    return { path, outcome, ranked, destination };
  }

  private async categoryModels(set: CategorySetRecord): Promise<CategoryModel[]> {
    const categories = this.deps.categories.listCategories(set.id);
    if (categories.length < 2) throw new LumenFailure('too-few-categories', `category set "${set.name}" needs at least two categories to choose between`);
    const texts = await classTextVectors(
      (texts) => this.deps.encoder.embedTexts(texts),
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
