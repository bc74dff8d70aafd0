/**
 * npx tsx tools/reference-models/generate-reference-model.ts --family clip|siglip --out <folder>
 *   [--size tiny|base] [--vision-seed N] [--text-seed N] [--quantized] [--fp16] [--name NAME]
 * Writes a CLIP or SigLIP model folder with the real architecture and random weights.
 */
import { parseArgs } from 'node:util';
import { baseArchitecture, tinyArchitecture, type ModelFamily } from './architecture';
import { writeReferenceModel } from './write-reference-model';

const { values } = parseArgs({
  options: {
    family: { type: 'string', default: 'clip' },
    out: { type: 'string' },
    size: { type: 'string', default: 'tiny' },
    'vision-seed': { type: 'string', default: '1' },
    'text-seed': { type: 'string', default: '2' },
    quantized: { type: 'boolean', default: false },
    fp16: { type: 'boolean', default: false },
    name: { type: 'string' },
  },
});
const family = values.family;
if (family !== 'clip' && family !== 'siglip') throw new Error('--family must be clip or siglip');
if (!values.out) throw new Error('--out <folder> is required');
if (values.size !== 'tiny' && values.size !== 'base') throw new Error('--size must be tiny or base');
const architecture = values.size === 'base' ? baseArchitecture(family as ModelFamily) : tinyArchitecture(family as ModelFamily);
await writeReferenceModel(values.out, {
  family,
  architecture,
  visionSeed: Number(values['vision-seed']),
  textSeed: Number(values['text-seed']),
  quantized: values.quantized,
  fp16: values.fp16,
  ...(values.name ? { name: values.name } : {}),
});
console.log(`wrote ${family} (${values.size}) to ${values.out}`);
