/**
 * Auto-tag confidences that mean what they say, on shapes photos Lumen renders itself (independent
 * renderer, demo model): the suggestions' expected calibration error stays small, and tags the
 * model cannot read (horse, camera, text page) suggest nothing instead of being called certain.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IndexSummary } from '../../../src-common/contract';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { lumenJson } from '../../support/cli-runner';
import { renderShapesSet, type RenderedSetEntry } from '../../support/independent-shapes-renderer';
import { UNSEEN_TAGS, measureTagCalibration } from '../../support/tag-calibration-measure';

let services: LumenServices;
const entryById = new Map<number, RenderedSetEntry>();

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'lumen-tag-calibration-'));
  const photos = await renderShapesSet(join(root, 'photos'), { perPair: 3, seed: 2026 });
  const summary = await lumenJson<IndexSummary>('index', join(root, 'photos'), '--library', join(root, 'library'));
  expect(summary.indexed).toBe(photos.length);
  services = await LumenServices.open({ libraryDir: join(root, 'library') });
  for (const entry of photos) entryById.set(services.photos.getPhotoByPath(entry.file)?.id ?? -1, entry);
});
afterAll(async () => {
  await services?.dispose();
});

it('gives suggestions confidences within a few points of how often they are right (ECE), and none to unseen words', async () => {
  const measured = await measureTagCalibration(services, entryById);
  console.log(`zero-shot tags: ECE ${measured.ece.toFixed(3)}, of the ${measured.suggested} suggestions ${measured.suggestionEce.toFixed(3)}`);
  expect(measured.suggestionEce).toBeLessThan(0.05);
  expect(measured.ece).toBeLessThan(0.02);
  expect(measured.unseenMean).toBeLessThan(0.05);
  await services.tags.run({ tags: [...UNSEEN_TAGS] });
  for (const tag of UNSEEN_TAGS) expect(services.tags.review(tag)).toEqual([]);
});
