/**
 * `npm run security:electron`: Electronegativity on the Electron sources. Exits 1 on any finding
 * not justified next to the code, on any file the scanner cannot read, and on any stale annotation.
 */
import { join } from 'node:path';
import { formatReport, scanElectronSources, scanPassed } from './electronegativity-scan';

const root = join(import.meta.dirname, '../..');
const report = await scanElectronSources(root);
console.log(formatReport(report));
process.exitCode = scanPassed(report) ? 0 : 1;
