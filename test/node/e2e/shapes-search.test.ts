/**
 * Acceptance: photos of the shapes world rendered by another program than the model's training
 * generator (3 per colour × shape pair) are indexed and found by "<colour> <shape>" with a mean
 * precision@3 ≥ 0.9, with either vector backend.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary, SearchResponse } from '../../../src-common/contract';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { lumenJson } from '../../support/cli-runner';
import { COLORS, SHAPES, renderShapesSet } from '../../support/independent-shapes-renderer';

const PER_PAIR = 3;
let photosDir: string;
let libraryDir: string;
let labels: Map<string, string>;

beforeAll(async () => {
  photosDir = await mkdtemp(join(tmpdir(), 'lumen-shapes-'));
  libraryDir = await mkdtemp(join(tmpdir(), 'lumen-lib-'));
  const manifest = await renderShapesSet(photosDir, { perPair: PER_PAIR, seed: 20261125 });
  labels = new Map(manifest.map((m) => [m.file, `${m.color} ${m.shape}`]));
  const summary = await lumenJson<IndexSummary>('index', photosDir, '--library', libraryDir, '--vector-backend', 'vec');
  expect(summary.indexed).toBe(COLORS.length * SHAPES.length * PER_PAIR);
  expect(summary.failed).toBe(0);
});

describe.each(['vec', 'vss'] as const)('text search with the %s backend', (backend) => {
  it('finds each colour × shape pair with mean precision@3 ≥ 0.9', async () => {
    const services = await LumenServices.open({ libraryDir, vectorBackend: backend });
    try {
      expect(services.vectorIndex.backend).toBe(backend);
      const precisions: number[] = [];
      const misses: string[] = [];
      for (const color of COLORS) {
        for (const shape of SHAPES) {
          const wanted = `${color} ${shape}`;
          const { hits } = await services.search.search({ text: wanted, limit: 3 });
          const correct = hits.filter((hit) => labels.get(hit.path) === wanted).length;
          precisions.push(correct / 3);
          if (correct < 3) misses.push(`${wanted}: got ${hits.map((h) => labels.get(h.path)).join(', ')}`);
        }
      }
      const mean = precisions.reduce((a, b) => a + b, 0) / precisions.length;
      console.log(`[${backend}] mean precision@3 = ${mean.toFixed(3)}${misses.length ? `\n  ${misses.join('\n  ')}` : ''}`);
      expect(mean).toBeGreaterThanOrEqual(0.9);
    } finally {
      await services.dispose();
    }
  });

  it('answers through the CLI with scores in order', async () => {
    const response = await lumenJson<SearchResponse>('search', 'a photo of a blue star', '--limit', '3', '--library', libraryDir, '--vector-backend', backend);
    expect(response.vectorBackend).toBe(backend);
    expect(response.hits).toHaveLength(3);
    expect(response.hits.map((h) => h.rank)).toEqual([1, 2, 3]);
    const scores = response.hits.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(labels.get(response.hits[0]?.path ?? '')).toBe('blue star');
  });
});

it('skips unchanged photos on the next run', async () => {
  const summary = await lumenJson<IndexSummary>('index', photosDir, '--library', libraryDir);
  expect(summary.indexed).toBe(0);
  expect(summary.unchanged).toBe(COLORS.length * SHAPES.length * PER_PAIR);
});
