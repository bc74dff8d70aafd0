import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { canonicalSpecJson, type PreprocessSpec } from './preprocess-spec';

/**
 * Image vectors are keyed by this: the vision graph's bytes plus the preprocessing that feeds it.
 * Anything else (the text tower, the tokenizer, config.json) may change without re-indexing.
 */
export async function imageTowerId(visionModelPath: string, spec: PreprocessSpec): Promise<string> {
  const hash = createHash('sha256');
  await hashFileInto(hash, visionModelPath);
  hash.update(canonicalSpecJson(spec));
  return hash.digest('hex');
}

/** The text graph plus the tokenizer files, which together decide every text vector. */
export async function textTowerId(textModelPath: string, tokenizerBytes: Buffer, tokenizerConfigBytes: Buffer): Promise<string> {
  const hash = createHash('sha256');
  await hashFileInto(hash, textModelPath);
  hash.update(tokenizerBytes);
  hash.update(tokenizerConfigBytes);
  return hash.digest('hex');
}

/** Streams, because a real vision tower is hundreds of megabytes. */
async function hashFileInto(hash: ReturnType<typeof createHash>, path: string): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}
