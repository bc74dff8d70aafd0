#!/usr/bin/env node
// The `lumen` command: runs the built CLI (out/main/cli.js), made by `npm run build` during setup.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('lumen: the command line is not built yet. Run `bash scripts/setup.sh` (or `npm run build`) first.\n');
  process.exit(1);
}
const { runCli } = await import(pathToFileURL(cli).href);
process.exitCode = await runCli(process.argv.slice(2));
