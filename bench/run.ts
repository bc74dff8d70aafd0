/** `npm run bench -- <name> [flags]`: runs one benchmark and prints a Markdown table to paste into docs/BENCHMARKS.md. */

export {};

type Bench = (args: string[]) => Promise<void>;

// Loaded on demand: one benchmark's dependencies (native vector libraries, say) never stop another from running.
const benches: Record<string, () => Promise<Bench>> = {
  decode: async () => (await import('./decode-bench')).runDecodeBench,
  duplicates: async () => (await import('./duplicates-bench')).runDuplicatesBench,
  formats: async () => (await import('./formats-bench')).runFormatsBench,
  index: async () => (await import('./index-bench')).runIndexBench,
  search: async () => (await import('./search')).runSearchBench,
  'serve-burst': async () => (await import('./serve-burst')).runServeBurstBench,
  'tag-calibration': async () => (await import('./tag-calibration')).runTagCalibrationBench,
  'vector-backends': async () => (await import('./vector-backends')).runVectorBackendsBench,
  'vector-migration': async () => (await import('./vector-migration-bench')).runVectorMigrationBench,
};

const [name, ...args] = process.argv.slice(2);
const load = name ? benches[name] : undefined;
if (!load) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [flags]\n`);
  process.exitCode = 2;
} else {
  await (
    await load()
  )(args);
}
