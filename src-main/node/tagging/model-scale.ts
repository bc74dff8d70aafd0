import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** CLIP's initial and usual trained temperature, for exports whose config.json does not say. */
const DEFAULT_LOGIT_SCALE = Math.log(100);

/**
 * How the model turns cosines into logits: logits = scale·cos (+ bias for SigLIP). Read from the
 * model's config.json as the exports write it (`logit_scale` as a logarithm, CLIP style;
 * SigLIP also has `logit_bias`).
 */
export interface ModelScale {
  scale: number;
  bias: number;
}

export async function readModelScale(modelFolder: string): Promise<ModelScale> {
  let config: Record<string, unknown> = {};
  try {
    config = JSON.parse(await readFile(join(modelFolder, 'config.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    // A model without a readable config.json still works; it gets CLIP's temperature.
  }
  const logScale = typeof config['logit_scale'] === 'number' ? config['logit_scale'] : DEFAULT_LOGIT_SCALE;
  const bias = typeof config['logit_bias'] === 'number' ? config['logit_bias'] : 0;
  return { scale: Math.exp(logScale), bias };
}
