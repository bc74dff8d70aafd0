import { basename } from 'node:path';
import type { CancellationToken } from '../../../src-common/cancellation';
import type { TagExportSummary, TagRunProgress, TagRunScope, TagRunSummary, TagSuggestion, TagSummary } from '../../../src-common/contract';
import { LumenFailure } from '../../../src-common/result';
import type { ImageTextEncoder } from '../inference/image-text-encoder';
import type { EmbeddingRepository } from '../library/embedding-repository';
import type { LibraryDb } from '../library/library-db';
import type { PhotoRepository } from '../library/photo-repository';
import { buildPhotoFilter } from '../search/photo-filter';
import { dot, unit } from '../search/vector-math';
import { probability, trainFewShot, tuneThreshold, zeroShotClassifier, type TagClassifier } from './few-shot-model';
import type { ScoreRule } from '../model/match-probability';
import { resolvePhotoRefs } from './photo-refs';
import { classTextVectors } from './prompt-ensemble';
import { calibrateScores } from './score-calibration';
import type { KeywordWriter } from './keyword-writer';
import type { TagRecord, TagRepository } from './tag-repository';
import type { HistoryJournal } from '../history/history-journal';
import { snapshotTagRows } from '../history/tag-rows';

export const DEFAULT_TAG_THRESHOLD = 0.5;
/** Photos scored between two yields to the event loop, so a run on a big library stays in the background. */
const RUN_PAGE = 500;

export interface TagServiceDeps {
  db: LibraryDb;
  tags: TagRepository;
  photos: PhotoRepository;
  embeddings: EmbeddingRepository;
  encoder: ImageTextEncoder;
  towerRowId: number;
  embedDim: number;
  /** The serving model's scoring rule (ModelStatus.scoreRule). */
  scoreRule: ScoreRule;
  keywords: KeywordWriter;
  /** Where a person's tag changes are recorded for undo; none: not recorded (tools, tests that do not look). */
  history?: HistoryJournal;
}

export interface TagExportOptions {
  /** Write `<photo>.xmp` sidecars (`<photo>.<ext>.xmp` where photos share a name stem; default true). */
  sidecars?: boolean;
  /** Also embed the keywords in the photo files themselves (opt-in). */
  embedInOriginals?: boolean;
  scope?: TagRunScope;
}

export interface TagRunOptions {
  tags?: string[];
  scope?: TagRunScope;
  onProgress?: (progress: TagRunProgress) => void;
  /** Cancels the run between pages of photos; a cancelled run writes no suggestions (the previous ones stand). */
  token?: CancellationToken;
}

/**
 * Tags: made by hand, or suggested by auto-tagging and then accepted or rejected. A tag's
 * classifier is its prompt-ensembled text vector, calibrated on the library's scores, refined by
 * a few-shot model on the accepted and rejected photos' image vectors.
 */
export class TagService {
  constructor(private readonly deps: TagServiceDeps) {}

  addTag(name: string, descriptions: readonly string[] = [], threshold?: number): TagSummary {
    if (name.trim() === '') throw new LumenFailure('bad-argument', 'a tag needs a name');
    return this.summarize(this.deps.tags.upsertTag(name, descriptions, threshold));
  }

  listTags(): TagSummary[] {
    return this.deps.tags.listTags().map((tag) => this.summarize(tag));
  }

  /** Manual tagging, and accepting or rejecting suggestions: a person's decision. */
  decide(tagName: string, photos: ReadonlyArray<number | string>, state: 'accepted' | 'rejected'): TagSummary {
    const tag = this.deps.tags.requireTag(tagName);
    const ids = resolvePhotoRefs(this.deps.photos, photos);
    const suggested = new Set(this.deps.tags.photoIdsWithState(tag.id, 'suggested'));
    const [fromSuggestion, manual] = [ids.filter((id) => suggested.has(id)), ids.filter((id) => !suggested.has(id))];
    this.recordDecision(tag, ids, state, () => {
      this.deps.tags.setDecision(fromSuggestion, tag.id, state, 'auto');
      this.deps.tags.setDecision(manual, tag.id, state, 'manual');
    });
    return this.summarize(tag);
  }

  /** Takes back the decision on suggested photos: they are suggestions again (a photo tagged by hand loses the tag). */
  clearDecision(tagName: string, photos: ReadonlyArray<number | string>): TagSummary {
    const tag = this.deps.tags.requireTag(tagName);
    const ids = resolvePhotoRefs(this.deps.photos, photos);
    this.recordDecision(tag, ids, 'cleared', () => this.deps.tags.clearDecision(ids, tag.id));
    return this.summarize(tag);
  }

  /** Accepts or rejects every current suggestion of the tag (bulk review). */
  decideAllSuggestions(tagName: string, state: 'accepted' | 'rejected'): TagSummary {
    const tag = this.deps.tags.requireTag(tagName);
    const ids = this.deps.tags.photoIdsWithState(tag.id, 'suggested');
    this.recordDecision(tag, ids, state, () => this.deps.tags.setDecision(ids, tag.id, state, 'auto'));
    return this.summarize(tag);
  }

  review(tagName: string): TagSuggestion[] {
    const tag = this.deps.tags.requireTag(tagName);
    const suggestions = this.deps.tags.suggestions(tag.id);
    const paths = new Map(this.deps.photos.getPhotos(suggestions.map((s) => s.photoId)).map((p) => [p.id, p.path]));
    return suggestions.map((s) => ({ photoId: s.photoId, path: paths.get(s.photoId) ?? '', confidence: s.confidence }));
  }

  /** Replaces the tag's descriptions; its classifier is built from its words at each run, so the next run scores and calibrates with these. */
  describe(name: string, descriptions: readonly string[]): TagSummary {
    const tag = this.deps.tags.requireTag(name);
    return this.summarize(this.deps.tags.setDescriptions(tag.id, descriptions));
  }

  rename(from: string, to: string): TagSummary {
    const tag = this.deps.tags.requireTag(from);
    this.deps.tags.rename(tag.id, to);
    const renamed = this.deps.tags.requireTag(to);
    if (renamed.name !== tag.name) {
      this.deps.history?.record(`Renamed the tag “${tag.name}” to “${renamed.name}”.`, { kind: 'tag-rename', tagId: tag.id, from: tag.name, to: renamed.name });
    }
    return this.summarize(renamed);
  }

  merge(from: string, into: string): TagSummary {
    const source = this.deps.tags.requireTag(from);
    const target = this.deps.tags.requireTag(into);
    if (source.id === target.id) throw new LumenFailure('bad-argument', 'a tag cannot be merged into itself');
    this.deps.tags.merge(source.id, target.id);
    return this.summarize(target);
  }

  delete(name: string): void {
    const tag = this.deps.tags.requireTag(name);
    const rows = this.deps.history ? snapshotTagRows(this.deps.db, tag.id) : [];
    this.deps.tags.delete(tag.id);
    this.deps.history?.record(`Deleted the tag “${tag.name}”.`, {
      kind: 'tag-delete',
      tagId: tag.id,
      tag: tag.name,
      descriptions: tag.descriptions,
      threshold: tag.threshold,
      rows,
    });
  }

  /** Sets the tag's threshold to the one that best separates its accepted from its rejected photos. */
  async tuneThreshold(tagName: string): Promise<TagSummary> {
    const tag = this.deps.tags.requireTag(tagName);
    const classifier = (await this.classifiers([tag]))[0] as TagClassifier;
    const probabilities = (state: 'accepted' | 'rejected') =>
      this.vectorsOf(this.deps.tags.photoIdsWithState(tag.id, state)).map((vector) => probability(classifier, vector));
    const threshold = tuneThreshold(probabilities('accepted'), probabilities('rejected'));
    if (threshold === null) throw new LumenFailure('too-few-decisions', `tune "${tag.name}" after accepting and rejecting at least one photo each`);
    return this.summarize(this.deps.tags.upsertTag(tag.name, [], threshold));
  }

  /** Probability per photo id, for evaluation and review screens. */
  async probabilities(tagName: string, photoIds: readonly number[], options: { textOnly?: boolean } = {}): Promise<Map<number, number>> {
    const tag = this.deps.tags.requireTag(tagName);
    const classifier = (await this.classifiers([tag], options.textOnly))[0] as TagClassifier;
    const result = new Map<number, number>();
    for (const [id, vector] of this.vectorsById(photoIds)) result.set(id, probability(classifier, vector));
    return result;
  }

  /** Auto-tag: suggestions for every photo in scope whose probability reaches the tag's threshold. */
  async run(options: TagRunOptions = {}): Promise<TagRunSummary> {
    const started = performance.now();
    const tags = options.tags?.length ? options.tags.map((name) => this.deps.tags.requireTag(name)) : this.deps.tags.listTags();
    if (tags.length === 0) throw new LumenFailure('no-tags', 'there are no tags to run; add one with `lumen tag add <name>`');
    const classifiers = await this.classifiers(tags);
    const photoIds = this.scopePhotoIds(options.scope);
    const suggestions = tags.map(() => new Map<number, number>());
    let cancelled = false;
    for (let start = 0; start < photoIds.length; start += RUN_PAGE) {
      if (options.token?.isCancellationRequested) {
        cancelled = true;
        break;
      }
      const page = photoIds.slice(start, start + RUN_PAGE);
      for (const [id, vector] of this.vectorsById(page)) {
        tags.forEach((tag, t) => {
          const p = probability(classifiers[t] as TagClassifier, vector);
          if (p >= (tag.threshold ?? DEFAULT_TAG_THRESHOLD)) suggestions[t]?.set(id, p);
        });
      }
      options.onProgress?.({ done: Math.min(photoIds.length, start + page.length), total: photoIds.length });
      await new Promise((resolve) => setImmediate(resolve));
    }
    const suggested: Record<string, number> = {};
    if (!cancelled) {
      tags.forEach((tag, t) => {
        this.deps.tags.replaceSuggestions(tag.id, photoIds, suggestions[t] ?? new Map());
        suggested[tag.name] = this.deps.tags.counts(tag.id).suggested;
      });
    }
    return { tags: tags.map((t) => t.name), photos: photoIds.length, suggested, cancelled, seconds: (performance.now() - started) / 1000 };
  }

  /** Writes each photo's accepted tags as XMP keywords: to sidecars, and into the originals when asked. */
  async exportKeywords(options: TagExportOptions = {}): Promise<TagExportSummary> {
    const summary: TagExportSummary = { sidecars: [], embedded: [], failed: [] };
    const inScope = options.scope?.folder || options.scope?.photos?.length ? new Set(this.scopePhotoIds(options.scope)) : null;
    const tagged = [...this.deps.tags.acceptedTagsByPhoto()].filter(([id]) => inScope === null || inScope.has(id));
    const paths = new Map(this.deps.photos.getPhotos(tagged.map(([id]) => id)).map((p) => [p.id, p.path]));
    const keywords = this.deps.keywords.startExport();
    for (const [photoId, names] of tagged) {
      const path = paths.get(photoId);
      if (!path) continue;
      try {
        if (options.sidecars ?? true) summary.sidecars.push(await keywords.writeSidecar(path, names));
        if (options.embedInOriginals) {
          await keywords.embedInOriginal(path, names);
          summary.embedded.push(path);
        }
      } catch (error) {
        // A full or read-only disk fails every sidecar after this one too: stop, and say how far it got.
        if (error instanceof LumenFailure && (error.code === 'disk-full' || error.code === 'read-only')) {
          throw new LumenFailure(
            error.code,
            `${error.message} ${summary.sidecars.length} sidecar(s) and ${summary.embedded.length} photo(s) were written before it stopped.`,
          );
        }
        summary.failed.push({ path, reason: (error as Error).message });
      }
    }
    return summary;
  }

  async dispose(): Promise<void> {
    await this.deps.keywords.dispose();
  }

  /** One classifier per tag: zero-shot from its words, calibrated on the library, refined by decisions. */
  private async classifiers(tags: readonly TagRecord[], textOnly = false): Promise<TagClassifier[]> {
    const texts = await classTextVectors(
      (texts) => this.deps.encoder.embedTexts(texts),
      tags.map((tag) => [tag.name, ...tag.descriptions]),
      this.deps.embedDim,
    );
    const libraryScores = tags.map((): number[] => []);
    for (const { vector } of this.deps.embeddings.iterateEmbeddings(this.deps.towerRowId)) {
      const x = unit(vector);
      texts.forEach((text, t) => libraryScores[t]?.push(dot(x, text)));
    }
    return tags.map((tag, t) => {
      const prior = zeroShotClassifier(texts[t] as Float32Array, calibrateScores(libraryScores[t] ?? [], this.deps.scoreRule));
      if (textOnly) return prior;
      const positives = this.vectorsOf(this.deps.tags.photoIdsWithState(tag.id, 'accepted'));
      const negatives = this.vectorsOf(this.deps.tags.photoIdsWithState(tag.id, 'rejected'));
      return trainFewShot(prior, positives, negatives);
    });
  }

  private scopePhotoIds(scope: TagRunScope | undefined): number[] {
    if (scope?.photos?.length) return resolvePhotoRefs(this.deps.photos, scope.photos);
    const filter = buildPhotoFilter(this.deps.db, { filters: scope?.folder ? { folders: [scope.folder] } : {} });
    return this.deps.db
      .prepare<[Record<string, string>], number>(`SELECT id FROM photos WHERE ${filter ? filter.where : 'true'} ORDER BY id`)
      .pluck()
      .all(filter?.params ?? {});
  }

  private vectorsOf(photoIds: readonly number[]): Float32Array[] {
    return [...this.vectorsById(photoIds).values()];
  }

  private vectorsById(photoIds: readonly number[]): Map<number, Float32Array> {
    const vectors = new Map<number, Float32Array>();
    for (const id of photoIds) {
      const vector = this.deps.embeddings.getEmbedding(id, this.deps.towerRowId);
      if (vector) vectors.set(id, vector);
    }
    return vectors;
  }

  /** Runs `change` and records it with the rows it replaced, so that undo can put them back. */
  private recordDecision(tag: TagRecord, photoIds: readonly number[], decision: 'accepted' | 'rejected' | 'cleared', change: () => void): void {
    const history = this.deps.history;
    if (!history || photoIds.length === 0) {
      change();
      return;
    }
    const before = snapshotTagRows(this.deps.db, tag.id, photoIds);
    change();
    const which = photoIds.length === 1 ? this.photoName(photoIds[0] as number) : `${photoIds.length} photos`;
    const done = decision === 'accepted' ? 'Accepted' : decision === 'rejected' ? 'Rejected' : 'Cleared the decision on';
    history.record(`${done} “${tag.name}” for ${which}.`, { kind: 'tag-decision', tagId: tag.id, tag: tag.name, decision, photoIds: [...photoIds], before });
  }

  private photoName(photoId: number): string {
    const path = this.deps.photos.getPhotos([photoId])[0]?.path;
    return path ? basename(path) : 'a photo';
  }

  private summarize(tag: TagRecord): TagSummary {
    return {
      name: tag.name,
      descriptions: tag.descriptions,
      threshold: tag.threshold ?? DEFAULT_TAG_THRESHOLD,
      ownThreshold: tag.threshold !== null,
      ...this.deps.tags.counts(tag.id),
    };
  }
}
