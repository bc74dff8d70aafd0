import { LumenFailure } from '../../../src-common/result';
import { OPEN_CLIP_FILES } from '../model/open-clip-layout';
import { CHECKPOINT_WEIGHT_FILES, checkpointOnlySentence } from '../model/pytorch-weights';
import type { CatalogDtype, CatalogEntry, DtypeChoice } from './catalog/catalog-types';
import { configPins, withPins } from './catalog/config-pins';
import { combinedGraphPath, towerPath } from './catalog/dtype-files';
import { filesFor, revisionOf } from './catalog/model-catalog';
import { checkOf, type ExpectedFile, type FileCheck } from './file-check';
import type { HubClient, HubTreeFile } from './hub-client';
import { hubUri, type HubRepository } from './hub-source';

/** One file an install fetches, and what its bytes must be. */
export interface PlannedFile {
  repo: HubRepository;
  /** The commit (or, where none could be resolved, the ref) it is fetched at. */
  revision: string;
  /** Path in the repository. */
  path: string;
  /** Path in the installed model folder. */
  target: string;
  expected: ExpectedFile;
  check: FileCheck;
  /** A 404 skips it (tokenizer_config.json, which some exports lack). */
  optional: boolean;
}

export interface InstallPlan {
  files: PlannedFile[];
  /** `hf://Org/name@<commit>` of the (image tower's) repository: what the registry records as the source. */
  source: string;
  /** The commit of that repository, or null when the server could not say (then the install is not pinned). */
  commit: string | null;
  catalogId?: string;
  dtypes: DtypeChoice;
  /** Plain sentences about checks weaker than a hash, shown before the download. */
  notices: string[];
}

const JSON_FILES: ReadonlyArray<[string, boolean]> = [
  ['config.json', false],
  ['preprocessor_config.json', false],
  ['tokenizer.json', false],
  ['tokenizer_config.json', true],
];

/** A catalogue entry at its pinned commits; a repository without a pin is resolved to its main's commit now. */
export async function planCatalogInstall(entry: CatalogEntry, dtypes: DtypeChoice, endpoint: string, hub: HubClient): Promise<InstallPlan> {
  const notices: string[] = [];
  const commits = new Map<string, { commit: string | null; listing: Map<string, HubTreeFile> | null }>();
  const files: PlannedFile[] = [];
  for (const file of filesFor(entry, dtypes)) {
    const repo: HubRepository = { endpoint, repoId: file.repo, revision: revisionOf(entry, file.repo) ?? 'main', name: file.repo.split('/')[1] ?? file.repo };
    let known = commits.get(file.repo);
    if (!known) {
      const pinned = revisionOf(entry, file.repo);
      const commit = pinned ?? (await hub.resolveCommit(repo));
      if (pinned === null)
        notices.push(
          commit === null
            ? `${file.repo} has no pinned revision in the catalogue and the server could not name its commit: its files are fetched from main, unpinned`
            : `${file.repo} has no pinned revision in the catalogue: installing its current commit ${commit.slice(0, 12)}`,
        );
      const listing = commit === null ? null : await hub.listFiles(repo, commit);
      known = { commit, listing: listing === null ? null : new Map(listing.map((f) => [f.path, f])) };
      commits.set(file.repo, known);
    }
    const listed = known.listing?.get(file.path);
    if (known.listing !== null && !listed)
      throw new LumenFailure('download-failed', `${file.repo} at ${known.commit?.slice(0, 12) ?? 'main'} has no file ${file.path}, which ${entry.id} needs`);
    const pinnedHash = file.sha256 !== null || file.gitBlobSha1 !== undefined;
    const expected: ExpectedFile = pinnedHash
      ? { bytes: file.bytes ?? listed?.size ?? null, sha256: file.sha256, gitBlobSha1: file.gitBlobSha1 ?? null, pinned: true }
      : fromListing(listed, file.bytes);
    if (listed && pinnedHash) refuseListingDisagreement(entry, file.path, expected, listed);
    files.push({
      repo,
      revision: known.commit ?? repo.revision,
      path: file.path,
      target: file.target ?? file.path,
      expected,
      check: checkOf(expected),
      optional: false,
    });
  }
  const main = commits.get(entry.repo);
  return {
    files,
    source: hubUri(entry.repo, main?.commit ?? entry.revision ?? 'main'),
    commit: main?.commit ?? entry.revision,
    catalogId: entry.id,
    dtypes,
    notices,
  };
}

/**
 * Any hub repository in the transformers.js layout: its revision resolved to a commit, its files
 * checked against the hub's listing of that commit (LFS SHA-256, git blob SHA-1, sizes). Where
 * the server has no listing API, the standard file names are fetched and checked by ETag only.
 */
export async function planHubInstall(repo: HubRepository, dtype: CatalogDtype, hub: HubClient): Promise<InstallPlan> {
  const notices: string[] = [];
  const commit = await hub.resolveCommit(repo);
  const listing = commit === null ? null : await hub.listFiles(repo, commit);
  const revision = commit ?? repo.revision;
  if (listing === null) notices.push(`the server lists no files or hashes for ${repo.repoId}: files are verified by their size and ETag only`);
  const listed = new Map((listing ?? []).map((file) => [file.path, file]));
  if (isOpenClipExport(listing)) {
    if (dtype !== 'fp32') notices.push(`${repo.repoId} is in Immich's layout, which has one precision: its fp32 towers are installed`);
    return plannedFiles(repo, revision, commit, listed, listing, openClipFiles(listing), { vision: 'fp32', text: 'fp32' }, notices);
  }
  const checkpointWeights = checkpointOnlyListing(listing);
  if (checkpointWeights.length > 0)
    throw new LumenFailure('download-failed', `${repo.repoId} at ${revision.slice(0, 12)} ${checkpointOnlySentence(checkpointWeights)}`);
  const combined = isCombinedExport(listing);
  // The loader runs the precision config.json pins for a tower whatever is asked: fetch that one.
  const dtypes = withPins({ vision: dtype, text: dtype }, configPins(await hub.readConfig(repo, revision), combined));
  const want: Array<[string, boolean]> = [...JSON_FILES, ...towerFiles(dtypes, combined, listing)];
  return plannedFiles(repo, revision, commit, listed, listing, want, dtypes, notices);
}

/** Each wanted file (path, optional) checked against the listing: a required one it lacks stops the install, naming it. */
function plannedFiles(
  repo: HubRepository,
  revision: string,
  commit: string | null,
  listed: ReadonlyMap<string, HubTreeFile>,
  listing: readonly HubTreeFile[] | null,
  want: ReadonlyArray<[string, boolean]>,
  dtypes: DtypeChoice,
  notices: string[],
): InstallPlan {
  const files: PlannedFile[] = [];
  for (const [path, optional] of want) {
    const file = listed.get(path);
    if (listing !== null && !file) {
      if (optional) continue;
      throw new LumenFailure('download-failed', missingFileSentence(repo, revision, path, listing));
    }
    const expected = fromListing(file, null);
    files.push({ repo, revision, path, target: path, expected, check: checkOf(expected), optional });
  }
  return { files, source: hubUri(repo.repoId, revision), commit, dtypes, notices };
}

/**
 * Immich's OpenCLIP layout (immich-app/<model>__<pretrained>, see model/open-clip-layout.ts): the
 * listing has both of its tower graphs and no preprocessor_config.json. Without a listing the
 * transformers.js layout is assumed.
 */
function isOpenClipExport(listing: readonly HubTreeFile[] | null): boolean {
  const paths = new Set((listing ?? []).map((file) => file.path));
  return paths.has(OPEN_CLIP_FILES.visionModel) && paths.has(OPEN_CLIP_FILES.textModel) && !paths.has('preprocessor_config.json');
}

/**
 * What Lumen reads of an Immich repository, without its ARM NN and RKNN graphs (`*.armnn`,
 * `fp16/`, `rknpu/`) or the tokenizer files it does not read. A tower over 2 GB keeps its weights
 * in files beside its graph under names the exporter made up (`visual/523d3c00-…` in
 * ViT-H-14-quickgelu__dfn5b, one file per tensor such as `textual/Constant_2639_attr__value` in
 * older uploads): every other file directly in visual/ or textual/ is taken for one of those (the
 * loader then reads from the graph which ones it uses).
 */
function openClipFiles(listing: readonly HubTreeFile[] | null): Array<[string, boolean]> {
  const graphs: string[] = [OPEN_CLIP_FILES.visionModel, OPEN_CLIP_FILES.textModel];
  const data = (listing ?? []).map((file) => file.path).filter((path) => OPEN_CLIP_TOWER_FILE.test(path) && !graphs.includes(path) && !NOT_WEIGHTS.test(path));
  return [
    [OPEN_CLIP_FILES.config, false],
    [OPEN_CLIP_FILES.preprocessConfig, false],
    [OPEN_CLIP_FILES.tokenizer, false],
    [OPEN_CLIP_FILES.tokenizerConfig, true],
    ...[...graphs, ...data].map((path): [string, boolean] => [path, false]),
  ];
}

const OPEN_CLIP_TOWER_FILE = /^(visual|textual)\/[^/]+$/;
/** Files beside Immich's graphs that are not weights: configs, tokenizer files (vocab.json, merges.txt, sentencepiece.bpe.model), ARM NN graphs. */
const NOT_WEIGHTS = /\.(json|txt|md|model|armnn)$/;

/** The original checkpoint's weight files a listing has when it has no ONNX graph at all (openai/clip-*, google/siglip-*); else an empty list. */
function checkpointOnlyListing(listing: readonly HubTreeFile[] | null): string[] {
  const paths = (listing ?? []).map((file) => file.path);
  if (paths.some((path) => path.endsWith('.onnx'))) return [];
  return CHECKPOINT_WEIGHT_FILES.filter((file) => paths.includes(file));
}

/**
 * Both towers in one `onnx/model*.onnx` graph (jina-clip-v2): the listing has such a graph and no
 * split tower. Without a listing the split layout is assumed.
 */
function isCombinedExport(listing: readonly HubTreeFile[] | null): boolean {
  const paths = (listing ?? []).map((file) => file.path);
  return paths.some((path) => COMBINED_GRAPH.test(path)) && !paths.some((path) => SPLIT_GRAPH.test(path));
}

const COMBINED_GRAPH = /^onnx\/model(_[a-z0-9]+)?\.onnx$/;
const SPLIT_GRAPH = /^onnx\/(vision|text)_model(_[a-z0-9]+)?\.onnx$/;

/** The tower graphs of the precisions (one combined graph, or one per tower), and any external-data files the listing has beside them. */
function towerFiles(dtypes: DtypeChoice, combined: boolean, listing: readonly HubTreeFile[] | null): Array<[string, boolean]> {
  const graphs = combined ? [combinedGraphPath(dtypes.vision)] : [towerPath('vision', dtypes.vision), towerPath('text', dtypes.text)];
  const data = (listing ?? []).filter((file) => graphs.some((graph) => file.path.startsWith(`${graph}_data`))).map((file) => file.path);
  return [...graphs, ...data].map((path) => [path, false]);
}

function fromListing(file: HubTreeFile | undefined, bytes: number | null): ExpectedFile {
  if (!file) return { bytes, sha256: null, gitBlobSha1: null, pinned: false };
  return { bytes: file.size, sha256: file.lfs?.sha256 ?? null, gitBlobSha1: file.lfs ? null : file.oid, pinned: false };
}

/** The hub itself says the pinned commit's file is another one: nothing would verify, so say it before downloading. */
function refuseListingDisagreement(entry: CatalogEntry, path: string, expected: ExpectedFile, listed: HubTreeFile): void {
  const hubSha256 = listed.lfs?.sha256 ?? null;
  const differs =
    (expected.sha256 !== null && hubSha256 !== null && expected.sha256 !== hubSha256) ||
    (expected.gitBlobSha1 !== null && listed.lfs === null && expected.gitBlobSha1 !== listed.oid) ||
    (expected.bytes !== null && expected.bytes !== listed.size);
  if (differs) {
    throw new LumenFailure(
      'download-failed',
      `the hub lists ${path} of ${entry.repo} at the pinned commit as another file than the catalogue pins (${listed.size} bytes, ${hubSha256 ?? listed.oid}); nothing was downloaded`,
    );
  }
}

function missingFileSentence(repo: HubRepository, revision: string, path: string, listing: readonly HubTreeFile[]): string {
  const offered = listing.flatMap((file) => {
    const match = /^onnx\/(?:vision_)?model(_[a-z0-9]+)?\.onnx$/.exec(file.path);
    return match ? [match[1] ? match[1].slice(1) : 'fp32'] : [];
  });
  const variants = offered.sort((a, b) => (a === 'fp32' ? -1 : b === 'fp32' ? 1 : a.localeCompare(b))).join(', ');
  const hint = path.startsWith('onnx/') && variants ? `; its towers come as ${variants}` : '';
  return `${repo.repoId} at ${revision.slice(0, 12)} has no ${path}${hint}`;
}
