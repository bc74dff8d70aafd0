import { basename, resolve } from 'node:path';
import type { CategoryInput, CategorySetSummary, ClassifiedPhoto, ClassifyRequest, ClassifyResponse } from '../../../src-common/contract';
import type { CategoryChange, FileIntoRequest } from '../../../src-common/contract-categories';
import { LumenFailure } from '../../../src-common/result';
import { NEVER_CANCELLED, throwIfCancelled, type CancellationToken } from '../../../src-common/cancellation';
import { validateCategoryName } from '../../../src-common/contract-arguments';
import type { HistoryJournal } from '../history/history-journal';
import type { CategoryFields } from '../history/history-records';
import type { ImageTextEncoder } from '../inference/image-text-encoder';
import type { EmbeddingRepository } from '../library/embedding-repository';
import type { PhotoRepository } from '../library/photo-repository';
import { unit } from '../search/vector-math';
import type { ScoreRule } from '../model/match-probability';
import { classTextVectors } from '../tagging/prompt-ensemble';
import type { CategoryRecord, CategoryRepository, CategorySetRecord } from './category-repository';
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
  /** Where an edit of a category is recorded for undo (absent: not recorded). */
  history?: HistoryJournal;
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
  /** Photos that end up in a category: moved or copied there (`transferred`), or there already. */
  filed: Array<{ path: string; category: string; transferred: boolean }>;
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
    const folders = new Map(this.deps.categories.listCategories(set.id).map((c) => [c.name, c.folder]));
    const batch: PlanningState = { set, models, folders, taken: new Set(), transfers: [], filed: [], act: false };
    const classified: ClassifiedPhoto[] = [];
    // One at a time, in the order given: names like "beach (2).jpg" go to the same files every run.
    for (const [i, path] of [...unique, ...dropped.map((image) => image.name)].entries()) {
      classified.push(await this.outcomeFor(path, vectors[i], { ...batch, act: request.action !== undefined && i < unique.length }));
    }
    throwIfCancelled(token, CLASSIFY_CANCELLED);
    const batchId = await this.carryOut(request, set, `"${set.name}" categories`, classified, batch);
    const photos = [...withRepeatedListings(files, firstListing, classified), ...classified.slice(unique.length)];
    return { into: set.name, action: request.action ?? null, dryRun: request.dryRun ?? false, batchId, photos };
  }

  /**
   * Files photos into one category a person picked, without scoring them: each is copied or moved
   * into the category's folder as classify does (journaled, undoable with the same undo), and each
   * gets its own outcome.
   */
  async fileInto(request: FileIntoRequest): Promise<ClassifyResponse> {
    const set = this.deps.categories.requireSet(request.set);
    const category = this.deps.categories.requireCategory(set, request.category);
    const files = request.files.map((file) => resolve(file));
    const firstListing = await firstListings(files);
    const unique = [...new Set(firstListing)].map((index) => files[index] as string);
    const batch: PlanningState = {
      set,
      models: [],
      folders: new Map([[category.name, category.folder]]),
      taken: new Set(),
      transfers: [],
      filed: [],
      act: true,
    };
    const filedPhotos: ClassifiedPhoto[] = [];
    for (const path of unique) filedPhotos.push({ path, outcome: category.name, ranked: [], ...(await this.placeInCategory(path, category.name, batch)) });
    const batchId = await this.carryOut(request, set, `"${category.name}"`, filedPhotos, batch);
    const photos = withRepeatedListings(files, firstListing, filedPhotos);
    return { into: set.name, action: request.action, dryRun: false, batchId, photos };
  }

  /** Copies or moves what was planned (unless a dry run), notes each failure on its photo and records the filings; the journal batch id. */
  private async carryOut(
    request: { action?: 'copy' | 'move'; dryRun?: boolean },
    set: CategorySetRecord,
    into: string,
    photos: ClassifiedPhoto[],
    batch: PlanningState,
  ): Promise<number | null> {
    if (!request.action || request.dryRun) return null;
    let batchId: number | null = null;
    let failed = new Map<string, string>();
    if (batch.transfers.length > 0) {
      const count = `${batch.transfers.length} photo${batch.transfers.length === 1 ? '' : 's'}`;
      const description = `${request.action} ${count} into ${into} (first: ${basename(batch.transfers[0]?.source ?? '')})`;
      ({ batchId, failed } = await this.deps.mover.run(request.action, description, batch.transfers));
      for (const photo of photos) {
        const problem = failed.get(photo.path);
        if (problem !== undefined) Object.assign(photo, { destination: null, error: problem });
      }
    }
    this.recordFilings(
      set,
      batch.filed.filter((entry) => !failed.has(entry.path)),
      batchId,
    );
    return batchId;
  }

  /** Library photos among the filed ones are members of their category from now on (browsable); other files are not in the library. */
  private recordFilings(set: CategorySetRecord, filed: PlanningState['filed'], batchId: number | null): void {
    const categories = new Map(this.deps.categories.listCategories(set.id).map((c) => [c.name, c.id]));
    for (const { path, category, transferred } of filed) {
      const photo = this.deps.photos.getPhotoByPath(path);
      const categoryId = categories.get(category);
      if (photo && categoryId !== undefined) this.deps.categories.recordFiled(categoryId, [photo.id], transferred ? batchId : null);
    }
  }

  /** Replaces what the change gives (name, descriptions, folder) of one category; the set as it is now. */
  async editCategory(setName: string, name: string, change: CategoryChange): Promise<CategorySetSummary> {
    const set = this.deps.categories.requireSet(setName);
    const category = this.deps.categories.requireCategory(set, name);
    const updated: CategoryRecord = { ...category };
    if (change.name !== undefined) {
      const newName = validateCategoryName(change.name);
      if (!newName.ok) throw new LumenFailure(newName.error.code, newName.error.message);
      const other = this.deps.categories.findCategory(set.id, newName.value);
      if (other && other.id !== category.id)
        throw new LumenFailure('category-exists', `category set "${set.name}" already has a category named "${newName.value}"`);
      updated.name = newName.value;
    }
    if (change.descriptions !== undefined) updated.descriptions = [...new Set(change.descriptions.map((d) => d.trim()).filter((d) => d !== ''))];
    if (change.folder !== undefined) {
      updated.folder = change.folder === null ? null : resolve(change.folder);
      if (updated.folder !== null) await requireFolderOrNothing(updated.folder, updated.name);
    }
    this.deps.categories.updateCategory(updated);
    this.recordEdit(set.name, category, updated);
    return this.summarize(set);
  }

  /** Records an edit that changed something, so undo can put the category back as it was. */
  private recordEdit(set: string, before: CategoryRecord, after: CategoryRecord): void {
    const fields = (c: CategoryRecord): CategoryFields => ({ name: c.name, descriptions: [...c.descriptions], folder: c.folder });
    const sameWords = JSON.stringify(before.descriptions) === JSON.stringify(after.descriptions) && before.folder === after.folder;
    if (sameWords && before.name === after.name) return;
    const description = sameWords ? `Renamed the category “${before.name}” (${set}) to “${after.name}”.` : `Edited the category “${after.name}” (${set}).`;
    this.deps.history?.record(description, { kind: 'category-edit', categoryId: before.id, set, before: fields(before), after: fields(after) });
  }

  /** Deletes one category (and its set with it when it was the last); photos and files stay where they are. The sets left. */
  deleteCategory(setName: string, name: string): CategorySetSummary[] {
    const set = this.deps.categories.requireSet(setName);
    this.deps.categories.deleteCategory(this.deps.categories.requireCategory(set, name));
    return this.listSets();
  }

  /** The outcome for one photo; a copy or move it needs is added to `transfers` (dropped bytes have no file to move: `act` is false). */
  private async outcomeFor(path: string, vector: PhotoVector | undefined, batch: PlanningState): Promise<ClassifiedPhoto> {
    if (!vector?.ok) return { path, outcome: UNSURE, ranked: [], destination: null, error: vector?.reason ?? 'not embedded' };
    const ranked = scoreCategories(vector.vector, batch.models, this.deps.scoreRule);
    const best = ranked[0];
    const sure = best !== undefined && best.probability >= batch.set.unsureBelow;
    const outcome = sure ? best.category : UNSURE;
    if (!batch.act || !sure) return { path, outcome, ranked, destination: null };
    return { path, outcome, ranked, ...(await this.placeInCategory(path, best.category, batch)) };
  }

  /** Where the photo goes in the category's folder (added to `transfers`), or why it stays. */
  private async placeInCategory(path: string, category: string, batch: PlanningState): Promise<Pick<ClassifiedPhoto, 'destination' | 'error' | 'note'>> {
    const place = await categoryFolder(path, category, batch.folders.get(category) ?? null);
    if ('problem' in place) return { destination: null, error: place.problem };
    if (place.alreadyThere) {
      batch.filed.push({ path, category, transferred: false });
      return { destination: null, note: `already in the "${category}" folder ${place.folder}; left where it is` };
    }
    const destination = collisionSafeDestination(place.folder, path, batch.taken);
    batch.transfers.push({ source: path, destination });
    batch.filed.push({ path, category, transferred: true });
    return { destination };
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
        photos: this.deps.categories.countFiled(c.id),
      })),
    };
  }
}
