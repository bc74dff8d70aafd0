import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { ModelFolder } from './model-folder';
import { canonicalSpecJson, type PreprocessSpec } from './preprocess-spec';

/** One read of a tower file: its own SHA-256 (to check it against an install record) and its tower identity. */
export interface HashedTowerFile {
  /** SHA-256 of the graph file's bytes. */
  sha256: string;
  /** SHA-256 of the graph file and of each of its external data files, by the path given. */
  fileSha256: Record<string, string>;
  /** SHA-256 of the file's bytes followed by `extra`: the tower identity (see imageTowerId, textTowerId). */
  identity(...extra: Array<string | Buffer>): string;
}

/**
 * Streams, because a real vision tower is hundreds of megabytes; each file is read once for both
 * hashes. A graph that keeps its weights in external data files (`data`: label → path, in the
 * graph's order) has them in its identity too — each file's name, then its bytes — so new weights
 * beside an unchanged `.onnx` make a new tower; a graph without them keeps the identity it had.
 */
export async function hashTowerFile(path: string, data: ReadonlyArray<{ label: string; path: string }> = [], label = path): Promise<HashedTowerFile> {
  const hash = createHash('sha256');
  const own = createHash('sha256');
  await hashFileInto([hash, own], path);
  const fileSha256: Record<string, string> = { [label]: own.digest('hex') };
  const sha256 = hash.copy().digest('hex');
  for (const file of data) {
    const single = createHash('sha256');
    hash.update(file.label);
    await hashFileInto([hash, single], file.path);
    fileSha256[file.label] = single.digest('hex');
  }
  return {
    sha256,
    fileSha256,
    identity: (...extra) => {
      const tower = hash.copy();
      for (const part of extra) tower.update(part);
      return tower.digest('hex');
    },
  };
}

/**
 * Image vectors are keyed by this: the vision graph's bytes plus the preprocessing that feeds it.
 * Anything else (the text tower, the tokenizer, config.json) may change without re-indexing.
 */
export function imageTowerIdOf(visionFile: HashedTowerFile, spec: PreprocessSpec): string {
  return visionFile.identity(canonicalSpecJson(spec));
}

/**
 * The text graph plus the tokenizer files (and a sentence-transformers tower's module files:
 * pooling, Dense weights), which together decide every text vector.
 */
export function textTowerIdOf(textFile: HashedTowerFile, tokenizerBytes: Buffer, tokenizerConfigBytes: Buffer, moduleBytes: readonly Buffer[] = []): string {
  return textFile.identity(tokenizerBytes, tokenizerConfigBytes, ...moduleBytes);
}

export async function imageTowerId(visionModelPath: string, spec: PreprocessSpec): Promise<string> {
  return imageTowerIdOf(await hashTowerFile(visionModelPath), spec);
}

export async function textTowerId(textModelPath: string, tokenizerBytes: Buffer, tokenizerConfigBytes: Buffer): Promise<string> {
  return textTowerIdOf(await hashTowerFile(textModelPath), tokenizerBytes, tokenizerConfigBytes);
}

/** Both tower identities of a model folder as read, external data and sentence-transformers modules included. */
export async function towerIdentitiesOf(
  files: ModelFolder,
  spec: PreprocessSpec,
): Promise<{ vision: HashedTowerFile; text: HashedTowerFile; imageTowerId: string; textTowerId: string }> {
  const data = (list: readonly string[]): Array<{ label: string; path: string }> => list.map((label) => ({ label, path: join(files.folder, label) }));
  const vision = await hashTowerFile(files.visionModelPath, data(files.visionDataFiles), files.visionModelFile);
  const text = files.combined ? vision : await hashTowerFile(files.textModelPath, data(files.textDataFiles), files.textModelFile);
  return {
    vision,
    text,
    imageTowerId: imageTowerIdOf(vision, spec),
    textTowerId: textTowerIdOf(text, files.tokenizerBytes, files.tokenizerConfigBytes, [
      ...(files.sentenceTransformers?.files.map((f) => f.bytes) ?? []),
      // Immich's text cleaning and padding length come from config.json, and decide every text vector too.
      ...(files.layout === 'open-clip' ? [Buffer.from(`open-clip text: ${files.textCleaning ?? 'none'}, ${files.contextLength ?? 'free'} tokens`)] : []),
    ]),
  };
}

async function hashFileInto(hashes: readonly Hash[], path: string): Promise<void> {
  for await (const chunk of createReadStream(path)) for (const hash of hashes) hash.update(chunk as Buffer);
}
