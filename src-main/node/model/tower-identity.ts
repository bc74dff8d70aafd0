import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { canonicalSpecJson, type PreprocessSpec } from './preprocess-spec';

/** One read of a tower file: its own SHA-256 (to check it against an install record) and its tower identity. */
export interface HashedTowerFile {
  /** SHA-256 of the file's bytes. */
  sha256: string;
  /** SHA-256 of the file's bytes followed by `extra`: the tower identity (see imageTowerId, textTowerId). */
  identity(...extra: Array<string | Buffer>): string;
}

/** Streams, because a real vision tower is hundreds of megabytes; the file is read once for both hashes. */
export async function hashTowerFile(path: string): Promise<HashedTowerFile> {
  const hash = createHash('sha256');
  await hashFileInto(hash, path);
  return {
    sha256: hash.copy().digest('hex'),
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

/** The text graph plus the tokenizer files, which together decide every text vector. */
export function textTowerIdOf(textFile: HashedTowerFile, tokenizerBytes: Buffer, tokenizerConfigBytes: Buffer): string {
  return textFile.identity(tokenizerBytes, tokenizerConfigBytes);
}

export async function imageTowerId(visionModelPath: string, spec: PreprocessSpec): Promise<string> {
  return imageTowerIdOf(await hashTowerFile(visionModelPath), spec);
}

export async function textTowerId(textModelPath: string, tokenizerBytes: Buffer, tokenizerConfigBytes: Buffer): Promise<string> {
  return textTowerIdOf(await hashTowerFile(textModelPath), tokenizerBytes, tokenizerConfigBytes);
}

async function hashFileInto(hash: Hash, path: string): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}
