/**
 * The real CLI, whose embed workers' sessions on one provider fail mid-run.
 * Usage: node --import tsx failing-gpu-cli.ts <provider>:<throw|nan>:<healthy runs> <lumen arguments…>
 */
import { runCli } from '../../src-main/node/cli/main';
import { processIo } from '../../src-main/node/cli/cli-io';
import { failingGpuWorkerEntry } from './failing-gpu-entries';
import { parseProviderFault } from './provider-fault';

const [fault, ...argv] = process.argv.slice(2);
process.exitCode = await runCli(argv, processIo, { workerEntry: failingGpuWorkerEntry(parseProviderFault(fault ?? '')) });
