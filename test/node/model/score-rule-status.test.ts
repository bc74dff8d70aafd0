import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { bundledModelFolder } from '../../../src-main/node/resource-paths';
import { CLOSE_MATCH_DEVIATIONS } from '../../../src-main/node/search/match-calibration';
import { MemoryLogger } from '../../support/memory-logger';
import { tempDir, writeShapePhotos } from '../indexer/indexer-fixtures';

/** The bundled model with its config.json rewritten as `edit` says (the graphs are unchanged). */
async function modelWithConfig(edit: (config: Record<string, unknown>) => Record<string, unknown>): Promise<string> {
  const folder = join(await mkdtemp(join(tmpdir(), 'lumen-score-rule-')), 'model');
  await cp(bundledModelFolder(), folder, { recursive: true });
  const config = JSON.parse(await readFile(join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(folder, 'config.json'), JSON.stringify(edit(config)));
  return folder;
}

describe('the model status carries its one scoring rule', () => {
  it('a SigLIP-family config without logit_scale or logit_bias (as Xenova exports ship) gets the sigmoid with the family defaults', async () => {
    const model = await modelWithConfig(({ logit_scale: _scale, ...rest }) => ({ ...rest, model_type: 'siglip' }));
    const library = join(await mkdtemp(join(tmpdir(), 'lumen-score-rule-')), 'library');
    const services = await LumenServices.open({ libraryDir: library, modelFolder: model, logger: new MemoryLogger() });
    try {
      expect(services.model.scoreRule).toEqual({
        kind: 'sigmoid',
        scale: expect.closeTo(117.33, 1) as number,
        bias: expect.closeTo(-12.93, 2) as number,
        source: 'family-default',
      });
      expect(services.status(false).model?.scoreRule.kind).toBe('sigmoid');
    } finally {
      await services.dispose();
    }
  });

  it('a CLIP-style config gets the softmax at its own temperature', async () => {
    const library = join(await mkdtemp(join(tmpdir(), 'lumen-score-rule-')), 'library');
    const services = await LumenServices.open({ libraryDir: library, logger: new MemoryLogger() });
    try {
      expect(services.status(false).model?.scoreRule).toEqual({
        kind: 'softmax',
        scale: expect.closeTo(Math.exp(2.866295), 4) as number,
        bias: 0,
        source: 'config',
      });
    } finally {
      await services.dispose();
    }
  });

  it('a CLIP config without logit_scale gets CLIP’s usual 100', async () => {
    const model = await modelWithConfig(({ logit_scale: _scale, ...rest }) => rest);
    const library = join(await mkdtemp(join(tmpdir(), 'lumen-score-rule-')), 'library');
    const services = await LumenServices.open({ libraryDir: library, modelFolder: model, logger: new MemoryLogger() });
    try {
      expect(services.model.scoreRule).toEqual({ kind: 'softmax', scale: expect.closeTo(100, 6) as number, bias: 0, source: 'family-default' });
    } finally {
      await services.dispose();
    }
  });

  it("tagging scores with the same rule: the SigLIP bias and scale, not CLIP's, on the same photo and text", async () => {
    const photos = await tempDir('score-rule-photos');
    await writeShapePhotos(photos, 3); // fewer than calibration needs: the model's own rule decides (cosines 0.18, 0.08, -0.08 with "a photo")
    const TAG = 'a photo';
    const logit = (p: number): number => Math.log(p / (1 - p));
    const tagLogits = async (modelFolder: string): Promise<{ logits: number[]; scale: number; bias: number }> => {
      const library = join(await mkdtemp(join(tmpdir(), 'lumen-score-rule-')), 'library');
      const services = await LumenServices.open({ libraryDir: library, modelFolder, indexWorkers: 1, logger: new MemoryLogger() });
      try {
        await services.indexer.indexFolders([photos]);
        services.tags.addTag(TAG);
        // By path: the two libraries number their photos independently.
        const ids = services.db.prepare<[], number>('SELECT id FROM photos ORDER BY path').pluck().all();
        const probabilities = await services.tags.probabilities(TAG, ids, { textOnly: true });
        return { logits: ids.map((id) => logit(probabilities.get(id) as number)), scale: services.model.scoreRule.scale, bias: services.model.scoreRule.bias };
      } finally {
        await services.dispose();
      }
    };
    const clip = await tagLogits(bundledModelFolder());
    const siglip = await tagLogits(await modelWithConfig(({ logit_scale: _scale, ...rest }) => ({ ...rest, model_type: 'siglip' })));
    expect(clip.logits).toHaveLength(3);
    // Same graphs, so the same cosine behind both. With too few photos to calibrate, the curve is the
    // rule's own: scale·cos + bias for the sigmoid family; for the softmax family (no bias) a photo is
    // even odds CLOSE_MATCH_DEVIATIONS logits above a cosine of 0.
    const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
    const cosines = clip.logits.map((clipLogit) => (clipLogit + CLOSE_MATCH_DEVIATIONS) / clip.scale);
    cosines.forEach((cosine, i) => expect(sigmoid(siglip.logits[i] as number)).toBeCloseTo(sigmoid(siglip.scale * cosine + siglip.bias), 6));
    // What the CLIP defaults (scale 100, no bias) would have said is not what the SigLIP rule says.
    expect(cosines.some((cosine, i) => Math.abs(sigmoid(100 * cosine) - sigmoid(siglip.logits[i] as number)) > 0.05)).toBe(true);
  });
});
