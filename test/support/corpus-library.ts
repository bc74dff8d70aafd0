/**
 * A library for CLI tests over a copy of the test corpus' photos, in a fresh temporary folder that
 * also holds the installed models (LUMEN_MODELS), with models added and the photos indexed through
 * the built CLI as a person would.
 */
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { IndexSummary } from '../../src-common/contract';
import { lumen, lumenJson } from './cli-runner';

const CORPUS_PHOTOS = join(import.meta.dirname, '../fixtures/corpus/photos');
/** How many photos test/fixtures/corpus/photos holds. */
export const CORPUS_PHOTO_COUNT = 10;

export interface CorpusLibrary {
  /** The temporary folder holding everything below; the caller removes it. */
  root: string;
  library: string;
  photos: string;
}

/** A temporary folder with a copy of the corpus' photos, its own models folder and room for a library. */
export async function corpusLibrary(prefix: string): Promise<CorpusLibrary> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  process.env.LUMEN_MODELS = join(root, 'models');
  const photos = join(root, 'photos');
  await cp(CORPUS_PHOTOS, photos, { recursive: true });
  return { root, library: join(root, 'library'), photos };
}

/** Adds each model folder through the CLI (with `--id` where one is given), uses the model `use`, and indexes every photo with it. */
export async function addModelsAndIndex(target: CorpusLibrary, models: ReadonlyArray<{ folder: string; id?: string }>, use: string): Promise<void> {
  for (const { folder, id } of models) {
    expect((await lumen('model', 'add', folder, ...(id === undefined ? [] : ['--id', id]), '--library', target.library)).code).toBe(0);
  }
  expect((await lumen('model', 'use', use, '--library', target.library)).code).toBe(0);
  expect((await lumenJson<IndexSummary>('index', target.photos, '--library', target.library)).indexed).toBe(CORPUS_PHOTO_COUNT);
}
