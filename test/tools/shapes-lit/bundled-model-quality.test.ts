/**
 * The bundled demo model (built by test/global-setup.ts when missing) retrieves shapes-world photos
 * it never saw: a held-out set from its own generator with another seed, and a set from the
 * independent renderer, whose palette and rasterizer were written separately.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageTextModel } from '../../../src-main/node/model/image-text-model';
import { bundledModelFolder } from '../../../src-main/node/resource-paths';
import { writeDemoPhotos } from '../../../tools/shapes-lit/demo-photos';
import { evaluateModel, formatReport, readPhotoLabels } from '../../../tools/shapes-lit/evaluate-model';
import type { RetrievalReport } from '../../../tools/shapes-lit/retrieval-metrics';
import { renderShapesSet } from '../../support/independent-shapes-renderer';

const root = await mkdtemp(join(tmpdir(), 'lumen-quality-'));
let model: ImageTextModel;
const reports = new Map<string, RetrievalReport>();

beforeAll(async () => {
  model = await ImageTextModel.load(bundledModelFolder());
  await writeDemoPhotos(join(root, 'held-out'), { count: 96, seed: 90210 });
  await renderShapesSet(join(root, 'independent'), { perPair: 3, seed: 31415 });
  for (const set of ['held-out', 'independent']) {
    const report = await evaluateModel(model, await readPhotoLabels(join(root, set)));
    console.log(formatReport(set, report));
    reports.set(set, report);
  }
});
afterAll(async () => {
  await model.dispose();
  await rm(root, { recursive: true, force: true });
});

describe.each(['held-out', 'independent'])('bundled shapes-lit on %s photos', (set) => {
  it('finds "<color> <shape>" with precision@3 ≥ 0.95, also phrased as a photo', () => {
    const report = reports.get(set);
    expect(report?.pairPrecisionAt3).toBeGreaterThanOrEqual(0.95);
    expect(report?.templatedPairPrecisionAt3).toBeGreaterThanOrEqual(0.95);
  });

  it('names colours and shapes with single words', () => {
    const report = reports.get(set);
    expect(report?.colorAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(report?.shapeAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(report?.singleWordRPrecision).toBeGreaterThanOrEqual(0.9);
  });
});
