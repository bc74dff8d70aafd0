/**
 * Ranking people can trust, on a library named the way real folders are (independent shapes
 * renderer, demo model): a red circle with a camera name outranks files that only have "red" or
 * "circle" in their names; the one score shown orders the hits; name matches say why; a query the
 * model cannot match ("xyzzy", "a sunset over the ocean") has no close matches at all.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary, SearchResponse } from '../../../src-common/contract';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { lumenJson } from '../../support/cli-runner';
import { renderNamedShapesLibrary, type NamedShapePhoto } from '../../support/named-shapes-library';

let services: LumenServices;
let library: NamedShapePhoto[];
const labelOf = (path: string): string => {
  const photo = library.find((p) => p.file === path);
  return photo ? `${photo.color} ${photo.shape}` : '?';
};

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'lumen-ranking-'));
  library = await renderNamedShapesLibrary(join(root, 'photos'), { contentNamed: 2, cameraNamed: 2, seed: 7 });
  const summary = await lumenJson<IndexSummary>('index', join(root, 'photos'), '--library', join(root, 'library'));
  expect(summary.indexed).toBe(library.length);
  services = await LumenServices.open({ libraryDir: join(root, 'library') });
});
afterAll(async () => {
  await services?.dispose();
});

describe('one calibrated ranking of pictures and names', () => {
  let response: SearchResponse;
  beforeAll(async () => {
    response = await services.search.search({ text: 'a red circle', limit: 300 });
  });

  it('ranks every red circle, camera-named or not, above every photo that only has "red" or "circle" in its name', () => {
    const rankOf = (name: string): number => response.hits.find((hit) => basename(hit.path) === name)?.rank ?? Infinity;
    console.log(`"a red circle": IMG_1000.jpg (a red circle) at rank ${rankOf('IMG_1000.jpg')}, brown-circle-0.jpg at ${rankOf('brown-circle-0.jpg')}`);
    expect(labelOf(join(library[0]?.file ?? '', '..', 'IMG_1000.jpg'))).toBe('red circle');
    const redCircles = response.hits.filter((hit) => labelOf(hit.path) === 'red circle');
    expect(redCircles).toHaveLength(4);
    expect(Math.max(...redCircles.map((hit) => hit.rank))).toBe(4);
    expect(rankOf('IMG_1000.jpg')).toBeLessThanOrEqual(4);
    expect(rankOf('brown-circle-0.jpg')).toBeGreaterThan(4);
  });

  it('shows one score, 0 to 1, that is the order', () => {
    const matches = response.hits.map((hit) => hit.match);
    expect(matches).toEqual([...matches].sort((a, b) => b - a));
    for (const match of matches) {
      expect(match).toBeGreaterThanOrEqual(0);
      expect(match).toBeLessThanOrEqual(1);
    }
  });

  it('says which words matched a name, and only where they did', () => {
    const named = response.hits.find((hit) => basename(hit.path) === 'red-circle-0.jpg');
    expect(named?.matchedBy).toEqual([{ field: 'name', words: ['red', 'circle'] }]);
    expect(response.hits.find((hit) => basename(hit.path) === 'brown-circle-0.jpg')?.matchedBy).toEqual([{ field: 'name', words: ['circle'] }]);
    expect(response.hits.find((hit) => basename(hit.path) === 'IMG_1000.jpg')?.matchedBy).toBeUndefined();
  });
});

describe('close matches against the nearest', () => {
  it('finds the red circles, and only them, close', async () => {
    const response = await services.search.search({ text: 'a red circle', limit: 300 });
    expect(response.closeMatches).toBe(4);
    expect(response.hits.filter((hit) => hit.close).map((hit) => labelOf(hit.path))).toEqual(Array(4).fill('red circle'));
  });

  it.each(['xyzzy', 'a sunset over the ocean'])('finds nothing close for "%s", and no match below 0', async (text) => {
    const response = await services.search.search({ text, limit: 300 });
    expect(response.hits.length).toBe(library.length);
    expect(response.closeMatches).toBe(0);
    expect(response.hits.some((hit) => hit.close)).toBe(false);
    expect(Math.min(...response.hits.map((hit) => hit.match))).toBeGreaterThanOrEqual(0);
  });
});
