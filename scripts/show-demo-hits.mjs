// Prints `lumen search --json` hits (stdin) with the true label of each demo photo from its manifest.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const manifest = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const labels = new Map(manifest.map((entry) => [entry.file, `${entry.color} ${entry.shape}`]));
const response = JSON.parse(readFileSync(0, 'utf8'));
for (const hit of response.hits) {
  const file = basename(hit.path);
  console.log(`${String(hit.rank).padStart(3)}. ${hit.score.toFixed(3)}  ${file}  (really: ${labels.get(file) ?? 'unknown'})`);
}
