import { copyFile, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { throwIfCancelled, type CancellationToken } from '../../../src-common/cancellation';
import { LumenFailure } from '../../../src-common/result';
import { EmbedWorkerClient } from '../inference/worker-client';
import { MODEL_FILES, readModelFolder } from '../model/model-folder';
import { textTowerId } from '../model/tower-identity';
import { MODEL_VARIANTS, variantFiles, type ModelVariant } from '../model/model-variant';
import { fileUrl, parseHubUrl } from './hub-url';
import type { InstalledModel, ModelRegistry } from './model-registry';
import { downloadResumable, fileSha256, type DownloadProgress } from './resumable-download';

export interface InstallOptions {
  registry: ModelRegistry;
  /** Id to install under; default: the repository or folder name. */
  id?: string;
  /** For URLs: which tower files to fetch (default fp32). Folders bring every variant they have. */
  variant?: ModelVariant;
  onProgress?: (progress: DownloadProgress) => void;
  /** Tries per file before giving up (each resumes); default 3. */
  attempts?: number;
  /** Memory the worker that test-loads the model may use (memory-watchdog.ts); default: its usual limit. */
  memoryLimitBytes?: number;
  /** Cancels a download (`cancelled`): the files that arrived stay in `.downloads/<id>/` for the next install to resume; nothing is installed. */
  token?: CancellationToken;
}

const JSON_FILES = [MODEL_FILES.config, MODEL_FILES.preprocessorConfig, MODEL_FILES.tokenizer] as const;
const OPTIONAL_FILES = [MODEL_FILES.tokenizerConfig] as const;

export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/**
 * Installs a model from a folder or a hub URL. Files are gathered in a staging folder, every one
 * hashed, the model loaded once as a check, and only then is the staging folder renamed into
 * place and the registry written: a damaged or incomplete model is never listed, let alone used.
 */
export async function installModel(source: string, options: InstallOptions): Promise<InstalledModel> {
  const { registry } = options;
  const fromUrl = isUrl(source);
  const id = checkId(options.id ?? (fromUrl ? parseHubUrl(source).name : basename(resolve(source))));
  if (await registry.get(id)) throw new LumenFailure('model-exists', `a model with id "${id}" is already installed; remove it first or pick another --id`);
  // A folder that is not there needs no worker to be refused (starting one costs most of a second).
  if (!fromUrl) await requireFolder(resolve(source));
  const staging = join(registry.dir, '.staging', `${id}-${process.pid}-${Date.now()}`);
  await mkdir(staging, { recursive: true });
  try {
    const files = fromUrl ? await fetchIntoStaging(source, id, staging, options) : await copyIntoStaging(resolve(source), staging);
    if (options.token) throwIfCancelled(options.token, `installing ${id} was cancelled; nothing was installed`);
    const info = await loadInWorker(staging, options.memoryLimitBytes).catch(async (error: unknown) => {
      // Complete but unusable files would only be "resumed" into the same failure next time.
      if (fromUrl)
        await rm(downloadsDir(registry, id), {
          recursive: true,
          force: true,
        });
      // Our own failures are sentences about the files; anything else could quote them.
      const reason = error instanceof LumenFailure && MODEL_FAILURES.has(error.code) ? error.message : 'its files could not be read as a model';
      throw new LumenFailure('bad-model', `the model from ${source} does not load, so it was not installed: ${reason}`);
    });
    const target = registry.folderOf(id);
    // Not in the registry (checked above), so a leftover of an install that stopped between
    // renaming and registering: never listed, never used, safe to replace.
    if (await stat(target).catch(() => null)) await rm(target, { recursive: true, force: true });
    await rename(staging, target);
    const config = JSON.parse(await readFile(join(target, MODEL_FILES.config), 'utf8')) as Record<string, unknown>;
    const installed: InstalledModel = {
      id,
      name: info.name,
      family: typeof config.model_type === 'string' ? config.model_type : 'unknown',
      source: fromUrl ? source : resolve(source),
      files,
      imageTowerId: info.imageTowerId,
      textTowerId: info.textTowerId,
      embedDim: info.embedDim,
      installedAt: new Date().toISOString(),
    };
    await registry.put(installed);
    if (fromUrl) await rm(downloadsDir(registry, id), { recursive: true, force: true });
    return installed;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
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
): Promise<{
  name: string;
  embedDim: number;
  imageTowerId: string;
  textTowerId: string;
}> {
  const worker = EmbedWorkerClient.start(memoryLimitBytes === undefined ? {} : { memoryLimitBytes });
  try {
    const status = await worker.call('load-model', {
      folder,
      intraOpThreads: 1,
    });
    const files = await readModelFolder(folder);
    return {
      name: status.name,
      embedDim: status.embedDim,
      imageTowerId: status.imageTowerId,
      textTowerId: await textTowerId(files.textModelPath, files.tokenizerBytes, files.tokenizerConfigBytes),
    };
  } finally {
    await worker.dispose();
  }
}

/** Copies the files Lumen reads, every variant the folder has; returns their hashes. */
async function copyIntoStaging(source: string, staging: string): Promise<Record<string, string>> {
  const wanted = [...JSON_FILES, ...OPTIONAL_FILES, ...MODEL_VARIANTS.flatMap((v) => Object.values(variantFiles(v)))];
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
 * Downloads each file of the variant into `.downloads/<id>/` (kept between runs, so a second
 * `model add` resumes), then moves the finished files into staging.
 */
async function fetchIntoStaging(url: string, id: string, staging: string, options: InstallOptions): Promise<Record<string, string>> {
  const repo = parseHubUrl(url);
  const towers = variantFiles(options.variant ?? 'fp32');
  const files: Array<[string, boolean]> = [
    ...JSON_FILES.map((f): [string, boolean] => [f, false]),
    ...OPTIONAL_FILES.map((f): [string, boolean] => [f, true]),
    [towers.visionModel, false],
    [towers.textModel, false],
  ];
  const partial = downloadsDir(options.registry, id);
  const hashes: Record<string, string> = {};
  for (const [file, optional] of files) {
    const part = join(partial, `${file}.part`);
    await mkdir(dirname(part), { recursive: true });
    const outcome = await downloadResumable(fileUrl(repo, file), part, {
      label: file,
      optional,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.attempts ? { attempts: options.attempts } : {}),
      ...(options.token ? { token: options.token } : {}),
    });
    if (outcome === null) continue;
    await mkdir(dirname(join(staging, file)), { recursive: true });
    await copyFile(part, join(staging, file));
    hashes[file] = outcome.sha256;
  }
  return hashes;
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
