/**
 * Builds the shapes-lit demo model.
 *   npx tsx tools/shapes-lit/generate-model.ts --out resources/models/shapes-lit [--seed N] [--photos N]
 * Tests and scripts call buildShapesLitModel (re-exported here) with a small configuration instead.
 */
import { buildShapesLitModel, DEFAULT_SHAPES_LIT_OPTIONS } from './build-model';
import { integerFlag, parseFlags, runIfMain } from './cli-flags';

export { buildShapesLitModel, DEFAULT_SHAPES_LIT_OPTIONS, type ShapesLitOptions, type ShapesLitSummary } from './build-model';

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), ['out', 'seed', 'photos']);
  const out = flags.get('out');
  if (!out) throw new Error('usage: generate-model.ts --out <folder> [--seed N] [--photos N]');
  const started = performance.now();
  await buildShapesLitModel({
    out,
    seed: integerFlag(flags, 'seed', DEFAULT_SHAPES_LIT_OPTIONS.seed),
    trainingPhotos: integerFlag(flags, 'photos', DEFAULT_SHAPES_LIT_OPTIONS.trainingPhotos),
    log: (line) => console.log(`[shapes-lit ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}`),
  });
  console.log(`[shapes-lit] done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

runIfMain(import.meta.url, main);
