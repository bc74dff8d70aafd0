/** `npm run bench -- <name> [flags]`: runs one benchmark and prints a Markdown table to paste into docs/BENCHMARKS.md. */
import { runDecodeBench } from './decode-bench';
import { runIndexBench } from './index-bench';
import { runSearchBench } from './search';
import { runVectorBackendsBench } from './vector-backends';

const benches: Record<string, (args: string[]) => Promise<void>> = {
  decode: runDecodeBench,
  index: runIndexBench,
  search: runSearchBench,
  'vector-backends': runVectorBackendsBench,
};

const [name, ...args] = process.argv.slice(2);
const bench = name ? benches[name] : undefined;
if (!bench) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [flags]\n`);
  process.exitCode = 2;
} else {
  await bench(args);
}
