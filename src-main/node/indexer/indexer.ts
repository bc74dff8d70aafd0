import { constants as fsConstants } from 'node:fs';
import { access, opendir, rm, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { IndexProgress, IndexSummary } from '../../../src-common/contract';
import { LumenFailure } from '../../../src-common/result';
import type { PhotoRepository } from '../library/photo-repository';
import { SettingsRepository } from '../library/settings-repository';
import { storageFailure, storageFailureKind } from '../library/storage-failure';
import { hashFile } from './content-hash';
import type { FileJob, PhotoOutcome } from './embed-worker/protocol';
import type { PhotoEmbedder } from '../inference/worker-pool';
import { ExcludePatterns, readExcludePatterns } from './exclude-patterns';
import { describeFileProblem, isMissingFileError } from './file-problem';
import { IndexRunLock } from './index-run-lock';
import { IndexWriter, type IndexWriterDeps, type ReusablePhoto } from './index-writer';
import { ProgressMeter } from './progress-meter';
import { IndexRunControl } from './run-control';
import type { CancellationToken } from '../../../src-common/cancellation';
import { emptyScanCounts, scanFolder, type FoundFile, type ScanCounts, type ScanProblem } from './scan-folder';
import { errorFields, type Logger } from '../logging/logger';
import { addSkipped, noneSkipped, SkippedFilesRecord } from './skipped-files';
import { isVideoPath } from '../videos/video-formats';
import { MAX_PHOTO_FILE_BYTES, photoFileTooLargeReason } from '../photos/photo-file-size';
import { PhotoPairs } from '../library/photo-pairs';
import { isInside } from '../library/path-inside';
import { localVideoTools, type VideoTools } from '../videos/video-tools';

export type { IndexProgress };

export interface IndexerDeps extends IndexWriterDeps {
  photos: PhotoRepository;
  embedder: PhotoEmbedder;
  logger: Logger;
  /** Photos per worker request; also the model's batch. */
  batchSize?: number;
  /**
   * Called when a run ends, after its writes: LumenServices applies the vector layout policy here
   * (a run that grew the library past a threshold starts a background index rebuild).
   */
  afterRun?: (summary: IndexSummary) => void;
  /** Where ffmpeg is, if anywhere; without it videos are counted as unsupported, not indexed. Default: localVideoTools. */
  findVideoTools?: () => VideoTools | null;
}

export interface IndexRunOptions {
  onProgress?: (progress: IndexProgress) => void;
  /** Pause and resume (and cancel) from the caller; made from `token` when absent. */
  control?: IndexRunControl;
  /** Cancels the run: batches with a worker finish and are saved, nothing more is scanned or sent. */
  token?: CancellationToken;
  /**
   * Try again the files that failed before, even if unchanged: a failure can be the disk's or the
   * system's rather than the file's (an I/O error on a flaky drive, a permission since fixed).
   */
  retryErrors?: boolean;
  /** Read again photos indexed by an older Lumen, whose GPS, zone, date fallback or content identifier were never read (decoded again; vectors unchanged). */
  refreshMetadata?: boolean;
}

/** Videos per worker request: a video is a dozen frames to decode and embed. */
const VIDEOS_PER_BATCH = 2;

/** Reused (moved, copied) photos cost no worker time; their writes are grouped this many to a transaction. */
const REUSE_WRITES_PER_FLUSH = 256;

/** Failures of the disk or the library (storage-failure.ts) that stop a run; its message then says what the run saved. */
const STORAGE_CODES = new Set(['disk-full', 'library-busy', 'read-only', 'disk-error', 'library-write-failed']);

function stopsWriting(error: unknown): boolean {
  return storageFailureKind(error) !== undefined || (error instanceof LumenFailure && STORAGE_CODES.has(error.code));
}

interface FolderTarget {
  path: string;
  reachable: boolean;
}

/** What one root's scan shares between the scan loop and the batches coming back from workers. */
interface RootRun {
  root: string;
  rootId: number;
  summary: IndexSummary;
  meter: ProgressMeter;
  control: IndexRunControl;
  batch: FileJob[];
  inFlight: Set<Promise<void>>;
  /** Content hashes queued for embedding in this run, with the later paths that have the same content. */
  followers: Map<string, FoundFile[]>;
  hashOfLeader: Map<string, string>;
  fatal: unknown;
  counts: ScanCounts;
  /**
   * Set when a file could not be read and the root turned out to be gone (a drive unplugged
   * mid-run): the run stops for this root, and no failure is recorded, since none is the file's fault.
   */
  rootGone: boolean;
  retryErrors: boolean;
  refreshMetadata: boolean;
  exclude: ExcludePatterns;
  /** New or changed videos, held back until the root's photos are done: video work never delays a photo. */
  videos: FoundFile[];
  /** Files per worker request: the indexer's batch size for photos, VIDEOS_PER_BATCH for videos. */
  batchLimit: number;
}

/**
 * Brings the library in line with folders on disk. Pipeline: the folder walk feeds content
 * hashing; new content goes in batches to a pool of worker processes (decode → preprocess →
 * batched inference), at most `maxBatchesInFlight` at a time, so the walk waits for the workers
 * (backpressure) and memory stays flat; results are written a batch per transaction.
 * Unchanged files (size + mtime) are skipped undecoded; content the library already has (moved,
 * renamed, duplicated files) reuses its vector; unreadable files become error rows with a reason.
 */
export class Indexer {
  private readonly batchSize: number;
  private readonly writer: IndexWriter;
  private readonly settings: SettingsRepository;
  private readonly skippedRecord: SkippedFilesRecord;
  private readonly pairs: PhotoPairs;

  constructor(private readonly deps: IndexerDeps) {
    this.batchSize = deps.batchSize ?? 16;
    this.writer = new IndexWriter(deps);
    this.settings = new SettingsRepository(deps.db);
    this.skippedRecord = new SkippedFilesRecord(this.settings, deps.logger);
    this.pairs = new PhotoPairs(deps.db);
  }

  /**
   * One run at a time per library (IndexRunLock): a second one, here or in another process, fails
   * at once with `indexing-elsewhere`. A full or read-only disk, or a library another program keeps
   * locked past the busy timeout, stops the run with `disk-full`, `read-only` or `library-busy`:
   * what was written before stays, and the next run goes on from there.
   */
  async indexFolders(folders: readonly string[], options: IndexRunOptions = {}): Promise<IndexSummary> {
    const started = performance.now();
    // Its lock file and its thumbnails go into the library folder: say so plainly if it is gone.
    this.deps.db.checkStillThere();
    const targets = await this.checkFolders(folders);
    const exclude = new ExcludePatterns(readExcludePatterns(this.settings));
    const lock = IndexRunLock.acquire(this.deps.db.dir);
    const control = options.control ?? new IndexRunControl(options.token);
    const stopHearingToken = options.control && options.token ? options.token.onCancellationRequested(() => control.cancel()) : () => {};
    const meter = new ProgressMeter(options.onProgress);
    const stopListening = control.onChange(() => meter.setPaused(control.isPaused));
    if (control.isPaused) meter.setPaused(true);
    const summary: IndexSummary = {
      roots: targets.map((t) => t.path),
      found: 0,
      indexed: 0,
      reused: 0,
      unchanged: 0,
      failed: 0,
      vanished: 0,
      failedFolders: 0,
      skipped: noneSkipped(),
      removed: 0,
      offline: [],
      cancelled: false,
      seconds: 0,
    };
    try {
      for (const target of targets) {
        if (control.isCancelled) break;
        if (target.reachable)
          await this.indexRoot(target.path, {
            summary,
            meter,
            control,
            retryErrors: options.retryErrors === true,
            refreshMetadata: options.refreshMetadata === true,
            exclude,
          });
        else this.markOffline(target.path, summary);
      }
    } catch (error) {
      throw this.stoppedBy(error, summary);
    } finally {
      stopListening();
      stopHearingToken();
      await this.deps.embedder.stop();
      lock.release();
    }
    summary.cancelled = control.isCancelled;
    summary.seconds = (performance.now() - started) / 1000;
    meter.setScanning(false);
    this.deps.afterRun?.(summary);
    return summary;
  }

  /** A storage failure (disk full, read-only, locked) named plainly, with what the run saved before it stopped. */
  private stoppedBy(error: unknown, summary: IndexSummary): unknown {
    const failure = storageFailure(error, `the library database ${this.deps.db.path}`) ?? error;
    if (!(failure instanceof LumenFailure) || !STORAGE_CODES.has(failure.code)) return failure;
    const saved = summary.indexed + summary.reused + summary.failed;
    return new LumenFailure(failure.code, `${failure.message} This run saved ${saved} file(s) before it stopped.`);
  }

  /** Absolute paths, as roots are recorded. */
  resolveFolders(folders: readonly string[]): string[] {
    return folders.map((folder) => resolve(folder));
  }

  private async checkFolders(folders: readonly string[]): Promise<FolderTarget[]> {
    if (folders.length === 0) throw new LumenFailure('bad-argument', 'name at least one folder to index');
    const known = new Set(this.deps.photos.listRoots().map((root) => root.path));
    const targets: FolderTarget[] = [];
    const library = resolve(this.deps.db.dir);
    const requested = folders.map((folder) => resolve(folder));
    for (const folder of folders) {
      const path = resolve(folder);
      if (isInside(library, path)) {
        throw new LumenFailure(
          'bad-argument',
          `${path} is ${path === library ? '' : 'inside '}this Lumen library's own folder (${library}); it holds thumbnails, not photos. Index the folders your photos are in.`,
        );
      }
      const info = await stat(path).catch(() => null);
      if (!info && known.has(path)) targets.push({ path, reachable: false });
      else if (!info) throw new LumenFailure('missing-folder', `folder not found: ${path}`);
      else if (!info.isDirectory()) throw new LumenFailure('not-a-folder', `not a folder: ${path}`);
      else {
        // Its photos belong to the library folder around it: a second one would own none of them, and
        // the photos it came to own later would outlive their files. So the folder around it is looked
        // through instead (its unchanged photos are only checked), which is what asking for it means.
        const around = known.has(path) ? undefined : [...known, ...requested].find((other) => other !== path && isInside(other, path));
        if (around === undefined) targets.push({ path, reachable: true });
        else if (!requested.includes(around) && !targets.some((target) => target.path === around)) targets.push({ path: around, reachable: true });
      }
    }
    // Library folders inside these (added before them) are indexed with them, after them, as their
    // own: the walk of the folder around them leaves them out, so each photo has one folder.
    for (const target of [...targets]) {
      for (const inner of known) {
        if (inner === target.path || !isInside(target.path, inner) || targets.some((t) => t.path === inner)) continue;
        const info = await stat(inner).catch(() => null);
        targets.push({ path: inner, reachable: info?.isDirectory() === true });
      }
    }
    return targets;
  }

  private markOffline(path: string, summary: IndexSummary): void {
    const rootId = this.deps.photos.upsertRoot(path);
    this.deps.photos.setRootOnline(rootId, false);
    summary.offline.push(path);
  }

  private async indexRoot(root: string, shared: Pick<RootRun, 'summary' | 'meter' | 'control' | 'retryErrors' | 'refreshMetadata' | 'exclude'>): Promise<void> {
    const counts = emptyScanCounts();
    const videosOn = (this.deps.findVideoTools ?? localVideoTools)() !== null;
    const run: RootRun = {
      ...shared,
      root,
      rootId: this.deps.photos.upsertRoot(root),
      batch: [],
      inFlight: new Set(),
      followers: new Map(),
      hashOfLeader: new Map(),
      fatal: null,
      counts,
      rootGone: false,
      videos: [],
      batchLimit: this.batchSize,
    };
    const seen = new Set<string>();
    const problems: ScanProblem[] = [];
    run.meter.setScanning(true);
    try {
      const libraryFolders = this.deps.photos
        .listRoots()
        .map((known) => known.path)
        .filter((known) => known !== root && isInside(root, known));
      for await (const file of scanFolder(root, problems, counts, {
        skipFolders: [this.deps.db.dir],
        libraryFolders,
        exclude: run.exclude,
        videos: videosOn,
      })) {
        await run.control.waitWhilePaused();
        if (run.control.isCancelled || run.fatal || run.rootGone) break;
        seen.add(file.path);
        run.summary.found++;
        run.meter.found();
        const state = this.writer.fileState(file, run.retryErrors, run.refreshMetadata);
        if (state === 'unchanged' || (state === 'denied' && !(await isReadable(file.path)))) {
          run.summary.unchanged++;
          run.meter.skipped();
          continue;
        }
        if (isVideoPath(file.path)) run.videos.push(file);
        // Recorded here, before its gigabytes are hashed for nothing: no worker could read it.
        else if (file.size > MAX_PHOTO_FILE_BYTES) this.writer.queueFailure(run.rootId, file, photoFileTooLargeReason(file.size));
        else await this.triage(run, file);
      }
      await this.drain(run);
      await this.indexVideos(run);
    } catch (error) {
      // A write that failed on the way (a full disk): stop, once the batches with workers are back.
      run.fatal ??= error;
    }
    await this.drain(run);
    if (run.fatal) throw run.fatal;
    // Listed by the walk, gone before they could be looked at.
    run.summary.found += counts.vanished;
    run.summary.vanished += counts.vanished;
    for (const problem of problems) seen.add(problem.path);
    // Gone now (unplugged mid-run, or an unmounted mount point left empty): offline, and neither the
    // folders nor the files the walk could not read are recorded, since the drive, not they, went away.
    const gone = run.rootGone || !(await rootStillThere(root, counts, this.deps.logger));
    if (gone || (counts.rootEntries === 0 && this.deps.photos.countPhotos(run.rootId) > 0)) {
      this.deps.photos.setRootOnline(run.rootId, false);
      run.summary.offline.push(root);
      return;
    }
    this.recordProblems(run, problems);
    addSkipped(run.summary.skipped, counts.skipped);
    await removeKeywordLeftovers(counts.keywordLeftovers, this.deps.logger);
    if (run.control.isCancelled) return;
    this.skippedRecord.save(root, counts.skipped);
    // A complete scan of a reachable, non-empty folder is the only evidence that files are gone.
    const unreadableFolders = problems.filter((p) => p.folder).map((p) => p.path);
    run.summary.removed += this.writer.removeUnseen(run.rootId, seen, unreadableFolders);
    // Live Photos and RAW+JPEG: one item each, from the folder as it now is.
    this.pairs.refreshRoot(run.rootId);
    this.deps.photos.markRootScanned(run.rootId);
  }

  /** The root's new or changed videos, after its photos, a few to a worker request. */
  private async indexVideos(run: RootRun): Promise<void> {
    run.batchLimit = VIDEOS_PER_BATCH;
    for (const file of run.videos.splice(0)) {
      await run.control.waitWhilePaused();
      if (run.control.isCancelled || run.fatal || run.rootGone) return;
      await this.triage(run, file);
    }
    await this.drain(run);
  }

  /** New or changed file: hash it, then reuse a known vector or queue it for embedding. */
  private async triage(run: RootRun, file: FoundFile): Promise<void> {
    let hashed;
    try {
      hashed = await hashFile(file.path);
    } catch (error) {
      if (!(await this.isFileProblem(run, isMissingFileError(error)))) {
        if (!run.rootGone) this.countVanished(run);
        return;
      }
      this.writer.queueFailure(run.rootId, file, describeFileProblem(error, 'file', false));
      return;
    }
    const job: FoundFile = { ...file, size: hashed.size };
    if (hashed.size === 0) {
      this.writer.queueFailure(run.rootId, job, 'empty file (0 bytes): probably an interrupted copy or download; replace it and Lumen will retry');
      return;
    }
    const waiting = run.followers.get(hashed.contentHash);
    if (waiting) {
      waiting.push(job);
      return;
    }
    const reusable = this.writer.reusablePhotos(hashed.contentHash);
    // A refresh reads the file again instead of copying what an older Lumen recorded about the same content.
    const stale = run.refreshMetadata && this.writer.hasStaleMetadata(hashed.contentHash);
    if (reusable.length > 0 && !stale) {
      this.writer.queuePlacement({ rootId: run.rootId, file: job, contentHash: hashed.contentHash, movableIds: await this.movableIds(reusable, job.path) });
      if (this.writer.queued >= REUSE_WRITES_PER_FLUSH) this.flush(run);
      return;
    }
    run.followers.set(hashed.contentHash, []);
    run.hashOfLeader.set(job.path, hashed.contentHash);
    // With its hash, so that the worker reading the file does not hash the same bytes again.
    run.batch.push({ ...job, contentHash: hashed.contentHash });
    if (run.batch.length >= run.batchLimit) await this.dispatch(run);
  }

  /** Photos with this content whose file is gone from a folder that is reachable: the file was moved. */
  private async movableIds(candidates: readonly ReusablePhoto[], newPath: string): Promise<Set<number>> {
    const movable = new Set<number>();
    const onlineRoots = new Map(this.deps.photos.listRoots().map((root) => [root.id, root]));
    for (const candidate of candidates) {
      if (candidate.path === newPath) continue;
      const root = onlineRoots.get(candidate.rootId);
      if (!root?.online) continue;
      const rootReachable = await stat(root.path).then(
        () => true,
        () => false,
      );
      const fileGone = await stat(candidate.path).then(
        () => false,
        (error: NodeJS.ErrnoException) => error.code === 'ENOENT',
      );
      if (rootReachable && fileGone) movable.add(candidate.id);
    }
    return movable;
  }

  /**
   * Whether a file that could not be read is worth an error row. Not when it is simply not there
   * (`missing`: removed since the walk; found again if it comes back), nor when its root is gone,
   * which is checked once per failure until it is: a drive unplugged mid-run fails every file left,
   * and none of them is damaged.
   */
  private async isFileProblem(run: RootRun, missing: boolean): Promise<boolean> {
    if (!run.rootGone && !(await rootStillThere(run.root, run.counts, this.deps.logger))) run.rootGone = true;
    return !run.rootGone && !missing;
  }

  /** A file found in this run that was gone when it came to be read: not an error; found again if it comes back. */
  private countVanished(run: RootRun): void {
    run.summary.vanished++;
    run.meter.vanished();
  }

  /** Sends the current batch to a worker, first waiting while the pool has all it can take. */
  private async dispatch(run: RootRun): Promise<void> {
    const files = run.batch.splice(0);
    if (files.length === 0 || run.rootGone) return;
    while (run.inFlight.size >= this.deps.embedder.maxBatchesInFlight) await Promise.race(run.inFlight);
    const task = this.deps.embedder
      .embed(files)
      .then((outcomes) => this.checkFailures(run, outcomes))
      .then((outcomes) => this.settleBatch(run, outcomes))
      .catch((error: unknown) => {
        run.fatal ??= error;
      })
      .finally(() => run.inFlight.delete(task));
    run.inFlight.add(task);
  }

  /** Drops the failures that say nothing about their files (see isFileProblem), with the files waiting on them. */
  private async checkFailures(run: RootRun, outcomes: PhotoOutcome[]): Promise<PhotoOutcome[]> {
    const kept: PhotoOutcome[] = [];
    for (const outcome of outcomes) {
      if (outcome.ok || (await this.isFileProblem(run, outcome.missing === true))) {
        kept.push(outcome);
        continue;
      }
      if (!run.rootGone) this.countVanished(run);
      // Files with the same content waited for this one: they go on their own (unless the root is gone).
      const hash = run.hashOfLeader.get(outcome.path);
      if (hash === undefined) continue;
      run.hashOfLeader.delete(outcome.path);
      const followers = run.followers.get(hash) ?? [];
      run.followers.delete(hash);
      if (!run.rootGone) run.batch.push(...followers);
    }
    return kept;
  }

  /** Stores a batch; files with the same content as one in it are reused from it, or fail the same way. */
  private settleBatch(run: RootRun, outcomes: readonly PhotoOutcome[]): void {
    this.writer.queueOutcomes(run.rootId, outcomes);
    for (const outcome of outcomes) {
      const hash = run.hashOfLeader.get(outcome.path);
      if (hash === undefined) continue;
      run.hashOfLeader.delete(outcome.path);
      const followers = run.followers.get(hash) ?? [];
      run.followers.delete(hash);
      for (const file of followers) {
        if (outcome.ok) this.writer.queuePlacement({ rootId: run.rootId, file, contentHash: hash, movableIds: new Set() });
        else this.writer.queueFailure(run.rootId, file, outcome.reason);
      }
    }
    this.flush(run);
  }

  private flush(run: RootRun): void {
    if (run.fatal !== null && stopsWriting(run.fatal)) {
      // The disk is full or read-only, or the library stayed locked: every write would fail the same
      // way (a locked one only after the busy timeout, again). Drop the queue; the next run redoes it.
      this.writer.discard();
      return;
    }
    const counts = this.writer.flush();
    run.summary.indexed += counts.embedded;
    run.summary.reused += counts.reused;
    run.summary.failed += counts.failed;
    run.summary.failedFolders += counts.failedFolders;
    run.meter.done(counts.embedded + counts.reused);
    run.meter.failed(counts.failed);
    for (const placement of counts.unplaced) run.batch.push(placement.file);
  }

  /** Waits for every batch in flight and writes everything queued (including work they produced). */
  private async drain(run: RootRun): Promise<void> {
    run.meter.setScanning(false);
    for (;;) {
      if (!run.fatal) await this.dispatch(run);
      if (run.inFlight.size === 0) break;
      await Promise.all(run.inFlight);
    }
    try {
      this.flush(run);
    } catch (error) {
      run.fatal ??= error;
    }
    if (run.batch.length > 0 && !run.fatal) await this.drain(run);
  }

  /**
   * Folders and files (broken or looping links, no permission) the walk could not read; recorded
   * and counted as failures only when new or changed. Such files count as found.
   */
  private recordProblems(run: RootRun, problems: readonly ScanProblem[]): void {
    for (const problem of problems) {
      const known = this.deps.photos.getError(problem.path)?.reason === problem.reason;
      if (!problem.folder) {
        run.summary.found++;
        run.meter.found();
        if (known) {
          run.summary.unchanged++;
          run.meter.skipped();
        }
      }
      if (!known) this.writer.queueFailure(run.rootId, { path: problem.path, size: 0, mtimeMs: 0 }, problem.reason, { folder: problem.folder });
    }
    this.flush(run);
  }
}

/** Whether this process may open the file for reading now. */
function isReadable(path: string): Promise<boolean> {
  return access(path, fsConstants.R_OK).then(
    () => true,
    () => false,
  );
}

/** Deletes the working copies and folders killed keyword exports left (their process no longer runs). */
async function removeKeywordLeftovers(paths: readonly string[], logger: Logger): Promise<void> {
  await Promise.all(
    paths.map((path) =>
      // Left for the next run to try again; the photo's own sidecar is not affected.
      rm(path, { recursive: true, force: true }).catch((error: unknown) =>
        logger.warn(errorFields(error, { path }), "could not delete a killed keyword export's working copy"),
      ),
    ),
  );
}

/**
 * Whether a root is still there: a folder that can be listed and, if the walk saw anything in it,
 * is not empty now (an unmounted mount point stays behind as an empty folder).
 */
async function rootStillThere(root: string, counts: ScanCounts, logger: Logger): Promise<boolean> {
  try {
    const dir = await opendir(root);
    try {
      return (await dir.read()) !== null || counts.rootEntries === 0;
    } finally {
      await dir.close();
    }
  } catch (error) {
    // The answer to the question: the folder is offline, which the run reports; the reason is for the log.
    logger.debug(errorFields(error, { root }), 'folder cannot be listed any more: taken as offline');
    return false;
  }
}
