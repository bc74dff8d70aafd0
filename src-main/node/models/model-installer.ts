import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { throwIfCancelled, type CancellationToken } from '../../../src-common/cancellation';
import { LumenFailure } from '../../../src-common/result';
import { EmbedWorkerClient } from '../inference/worker-client';
import { MODEL_FILES, modelFolderFiles, readModelFolder, type ModelFolder } from '../model/model-folder';
import { SENTENCE_TRANSFORMERS_GRAPHS } from '../model/sentence-transformers-tower';
import { towerDataFiles } from '../model/tower-data-files';
import { parsePreprocessSpec } from '../model/preprocess-spec';
import { towerIdentitiesOf } from '../model/tower-identity';
import { MODEL_VARIANTS, variantFiles } from '../model/model-variant';
import { catalogConfigPins } from './catalog/config-pins';
import { chooseDtypes, ModelCatalog } from './catalog/model-catalog';
import type { FreeSpace } from './disk-space';
import { weakCheckNotice } from './file-check';
import { downloadPlan, type InstallProgress } from './hub-download';
import { HubClient } from './hub-client';
import { planCatalogInstall, planHubInstall, type InstallPlan } from './hub-install-plan';
import { DEFAULT_HUB_ENDPOINT } from './hub-source';
import type { InstalledModel, ModelRegistry } from './model-registry';
import { defaultModelId, dtypeNamed, resolveModelSource, type ModelSource } from './model-source';
import { fileSha256 } from './resumable-download';
import { settleModelModes } from './model-file-modes';
import { prepareModelsFolder } from './models-folder';

export interface InstallOptions {
  registry: ModelRegistry;
  /** Id to install under; default: the repository or folder name. */
  id?: string;
  /**
   * For the hub: the precision of both towers (`fp32`, `quantized`/`q8`, `fp16`, `q4`, …). Default:
   * fp32 for a hub repository, the catalogue's recommendation for a catalogue entry. Folders bring
   * every variant they have.
   */
  variant?: string;
  /** Which of a catalogue entry's recommendations to follow (default cpu). */
  target?: 'cpu' | 'gpu';
  onProgress?: (progress: InstallProgress) => void;
  /** Plain sentences about the install the person should know (a file checked by size and ETag only, a revision resolved now). */
  onNotice?: (sentence: string) => void;
  /** The recommended models; default the built-in catalogue. */
  catalog?: ModelCatalog;
  /** The hub `Org/name` and `hf://` sources and catalogue entries come from (a mirror's address); default huggingface.co. */
  hubEndpoint?: string;
  /** How much room the models folder's disk has (default: asked of the filesystem). */
  freeSpace?: FreeSpace;
  /** Tries per file before giving up (each resumes); default 3. */
  attempts?: number;
  /** Memory the worker that test-loads the model may use (memory-watchdog.ts); default: its usual limit. */
  memoryLimitBytes?: number;
  /** Called once every file is in place, as the model is loaded once to check it (which takes a while for a big model). */
  onChecking?: () => void;
  /** Cancels a download (`cancelled`): the files that arrived stay in `.downloads/<id>/` for the next install to resume; nothing is installed. */
  token?: CancellationToken;
}

const JSON_FILES = [MODEL_FILES.config, MODEL_FILES.preprocessorConfig, MODEL_FILES.tokenizer] as const;
const OPTIONAL_FILES = [MODEL_FILES.tokenizerConfig] as const;

/**
 * Installs a model from a catalogue id, a hub repository (`Org/name`, `hf://Org/name@rev`, a hub
 * URL) or a folder. Files are gathered in a staging folder, every one checked and hashed, the
 * model loaded once as a check, and only then is the staging folder renamed into place and the
 * registry written: a damaged or incomplete model is never listed, let alone used.
 */
export async function installModel(sourceText: string, options: InstallOptions): Promise<InstalledModel> {
  const { registry } = options;
  const catalog = options.catalog ?? new ModelCatalog();
  const source = await resolveModelSource(sourceText, catalog, options.hubEndpoint ?? DEFAULT_HUB_ENDPOINT);
  const fromHub = source.kind !== 'folder';
  const id = checkId(options.id ?? defaultModelId(source));
  if (await registry.get(id)) throw new LumenFailure('model-exists', `a model with id "${id}" is already installed; remove it first or pick another --id`);
  // A folder that is not there needs no worker to be refused (starting one costs most of a second).
  if (source.kind === 'folder') await requireFolder(source.folder);
  const plan = fromHub ? await planFor(source, options) : null;
  for (const notice of plan?.notices ?? []) options.onNotice?.(notice);
  for (const file of plan?.files ?? []) {
    const notice = weakCheckNotice(file.target, file.expected);
    if (notice) options.onNotice?.(notice);
  }
  const staging = join(registry.dir, '.staging', `${id}-${process.pid}-${Date.now()}`);
  await prepareModelsFolder(registry.dir);
  await mkdir(staging, { recursive: true });
  try {
    const downloaded = plan
      ? await downloadPlan(plan, {
          partialDir: downloadsDir(registry, id),
          staging,
          what: id,
          ...(options.token ? { token: options.token } : {}),
          ...(options.attempts ? { attempts: options.attempts } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
          ...(options.freeSpace ? { freeSpace: options.freeSpace } : {}),
        })
      : null;
    const files = downloaded
      ? Object.fromEntries(Object.entries(downloaded).map(([file, d]) => [file, d.sha256]))
      : await copyIntoStaging(source.kind === 'folder' ? source.folder : '', staging);
    if (options.token) throwIfCancelled(options.token, `installing ${id} was cancelled; nothing was installed`);
    await settleModelModes(staging);
    options.onChecking?.();
    const info = await loadInWorker(staging, options.memoryLimitBytes).catch(async (error: unknown) => {
      // Complete but unusable files would only be "resumed" into the same failure next time.
      if (fromHub) await rm(downloadsDir(registry, id), { recursive: true, force: true });
      // Our own failures are sentences about the files; anything else could quote them.
      const reason = error instanceof LumenFailure && MODEL_FAILURES.has(error.code) ? error.message : 'its files could not be read as a model';
      throw new LumenFailure('bad-model', `the model from ${sourceText} does not load, so it was not installed: ${reason}`);
    });
    const target = registry.folderOf(id);
    // Not in the registry (checked above), so a leftover of an install that stopped between
    // renaming and registering: never listed, never used, safe to replace.
    if (await stat(target).catch(() => null)) await rm(target, { recursive: true, force: true });
    await rename(staging, target);
    const installed: InstalledModel = {
      id,
      // A config.json that names no model (Immich's) gives the folder's name: the staging folder's here, never shown; the source's instead.
      name: info.name === basename(staging) ? defaultModelId(source) : info.name,
      family: info.family,
      source: plan ? plan.source : sourceText,
      files,
      imageTowerId: info.imageTowerId,
      textTowerId: info.textTowerId,
      embedDim: info.embedDim,
      installedAt: new Date().toISOString(),
      ...(plan
        ? { revision: plan.commit, dtypes: plan.dtypes, checks: Object.fromEntries(Object.entries(downloaded ?? {}).map(([file, d]) => [file, d.check])) }
        : {}),
      ...(plan?.catalogId ? { catalogId: plan.catalogId } : {}),
    };
    await registry.put(installed);
    if (fromHub) await rm(downloadsDir(registry, id), { recursive: true, force: true });
    return installed;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** What to fetch: a catalogue entry at its pinned commits, or a hub repository checked against its own listing. */
async function planFor(source: Exclude<ModelSource, { kind: 'folder' }>, options: InstallOptions): Promise<InstallPlan> {
  const hub = new HubClient(options.token);
  if (source.kind === 'catalog') {
    const { entry } = source;
    const endpoint = options.hubEndpoint ?? DEFAULT_HUB_ENDPOINT;
    // The catalogue's recommendations already follow the export's pins; a precision asked for both
    // towers yields, per tower, to what config.json pins (MobileCLIP's fp32 vision tower).
    const both = options.variant === undefined ? undefined : dtypeNamed(options.variant);
    const revision = entry.revision ?? 'main';
    const config =
      both === undefined ? null : await hub.readConfig({ endpoint, repoId: entry.repo, revision, name: entry.repo.split('/')[1] ?? entry.repo }, revision);
    const dtypes = chooseDtypes(entry, options.target ?? 'cpu', both, catalogConfigPins(entry, config));
    return planCatalogInstall(entry, dtypes, endpoint, hub);
  }
  return planHubInstall(source.repo, dtypeNamed(options.variant ?? 'fp32'), hub);
}

/** Failures whose messages are Lumen's own sentences about a model's files. */
const MODEL_FAILURES = new Set(['bad-model', 'missing-model']);

/**
 * Loads the staged model once as the install's check, in an embed worker of its own and never in
 * this process (the CLI's, the server's): a graph may ask for more memory than any model should,
 * and the worker's memory watch then ends the worker, not the server. The text tower's identity is
 * a hash of files, computed here.
 */
async function loadInWorker(
  folder: string,
  memoryLimitBytes: number | undefined,
): Promise<{ name: string; family: string; embedDim: number; imageTowerId: string; textTowerId: string }> {
  const worker = EmbedWorkerClient.start(memoryLimitBytes === undefined ? {} : { memoryLimitBytes });
  try {
    const status = await worker.call('load-model', { folder, intraOpThreads: 1 });
    const files = await readModelFolder(folder);
    return {
      name: status.name,
      // As the loader reads it: Immich's layout has no model_type in config.json, its family comes from open_clip's keys.
      family: typeof files.config.model_type === 'string' ? files.config.model_type : 'unknown',
      embedDim: status.embedDim,
      imageTowerId: status.imageTowerId,
      textTowerId: (await towerIdentitiesOf(files, parsePreprocessSpec(files.preprocessorConfig))).textTowerId,
    };
  } finally {
    await worker.dispose();
  }
}

/**
 * Copies the files Lumen reads, every variant the folder has — with their external weight files
 * (`*.onnx_data`), a combined `onnx/model*.onnx` and a sentence-transformers text tower's modules —
 * and returns their hashes.
 */
async function copyIntoStaging(source: string, staging: string): Promise<Record<string, string>> {
  const layouts = await Promise.all([undefined, ...MODEL_VARIANTS].map((variant) => readModelFolder(source, variant).catch(() => null)));
  const wanted = [
    ...new Set([
      ...JSON_FILES,
      ...OPTIONAL_FILES,
      ...MODEL_VARIANTS.flatMap((v) => Object.values(variantFiles(v))),
      ...layouts.flatMap((files) => (files ? modelFolderFiles(files) : [])),
      ...(await sentenceTransformersGraphs(source, layouts)),
    ]),
  ];
  const hashes: Record<string, string> = {};
  for (const file of wanted) {
    const from = join(source, file);
    if (!(await stat(from).catch(() => null))?.isFile()) continue;
    await mkdir(dirname(join(staging, file)), { recursive: true });
    await copyFile(from, join(staging, file));
    hashes[file] = (await fileSha256(join(staging, file))).sha256;
  }
  return hashes;
}

/**
 * Every graph of a sentence-transformers text tower the folder has, with its external data: the
 * tower ships one per CPU family (`model_quint8_avx2.onnx`, `model_qint8_arm64.onnx`, …), and the
 * variants read above reach only the first of each precision. The names are sentence-transformers'
 * own list, so the copy stays bounded.
 */
async function sentenceTransformersGraphs(source: string, layouts: ReadonlyArray<ModelFolder | null>): Promise<string[]> {
  const dirs = new Set(layouts.flatMap((files) => (files?.sentenceTransformers ? [files.sentenceTransformers.transformerDir] : [])));
  const found: string[] = [];
  for (const dir of dirs) {
    for (const name of SENTENCE_TRANSFORMERS_GRAPHS) {
      const graph = dir === '' ? `onnx/${name}.onnx` : `${dir}/onnx/${name}.onnx`;
      if (!(await stat(join(source, graph)).catch(() => null))?.isFile()) continue;
      // A graph whose weights cannot be found is left behind: the model loads without it, as the check below proves.
      const data = await towerDataFiles(source, graph).catch(() => null);
      if (data !== null) found.push(graph, ...data);
    }
  }
  return found;
}

function downloadsDir(registry: ModelRegistry, id: string): string {
  return join(registry.dir, '.downloads', id);
}

async function requireFolder(folder: string): Promise<void> {
  const info = await stat(folder).catch(() => null);
  if (!info) throw new LumenFailure('missing-model', `model folder not found: ${folder}`);
  if (!info.isDirectory()) throw new LumenFailure('missing-model', `model folder is not a folder: ${folder}`);
}

function checkId(id: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(id)) {
    throw new LumenFailure('bad-argument', `"${id}" cannot be a model id: use letters, digits, dot, dash and underscore`);
  }
  return id;
}
