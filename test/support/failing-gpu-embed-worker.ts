/**
 * The real embed worker, whose sessions on one provider fail mid-run as `--provider-fault=<provider>:<throw|nan>:<healthy runs>`
 * says (provider-fault.ts). Started through failingGpuWorkerEntry.
 */
import { serveEmbedWorker } from '../../src-main/node/indexer/embed-worker/worker-main';
import { failingProviderSessions, parseProviderFault } from './provider-fault';

const PREFIX = '--provider-fault=';
const fault = process.argv.find((a) => a.startsWith(PREFIX))?.slice(PREFIX.length);
serveEmbedWorker(fault ? { createSession: failingProviderSessions(parseProviderFault(fault)) } : {});
