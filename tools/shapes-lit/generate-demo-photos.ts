/**
 * Renders a demo photo set of the shapes world with its labels in manifest.json.
 *   npx tsx tools/shapes-lit/generate-demo-photos.ts --out <dir> --count N --seed S
 */
import { integerFlag, parseFlags, runIfMain } from './cli-flags';
import { writeDemoPhotos } from './demo-photos';

export { writeDemoPhotos, MANIFEST_FILE, type DemoPhotoEntry } from './demo-photos';

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), ['out', 'count', 'seed']);
  const out = flags.get('out');
  if (!out) throw new Error('usage: generate-demo-photos.ts --out <dir> --count N --seed S');
  const entries = await writeDemoPhotos(out, { count: integerFlag(flags, 'count', 64), seed: integerFlag(flags, 'seed', 7) });
  console.log(`[shapes-lit] wrote ${entries.length} photos and manifest.json to ${out}`);
}

runIfMain(import.meta.url, main);
