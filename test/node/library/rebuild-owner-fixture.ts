/**
 * A library owner that starts a background vector rebuild, reports the worker's pid once the worker
 * has built the new layout (held before the swap), and then waits to be killed: the crash test
 * kills this process to leave a rebuild's leftovers behind, as a real crash of the app would.
 * Usage: node --import tsx rebuild-owner-fixture.ts <libraryDir> <towerRowId> <dim> <thresholds json>
 */
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { openVectorIndex } from '../../../src-main/node/library/vector/open-vector-index';
import { SwapGate } from '../../support/swap-gate';

const [libraryDir, towerRowId, dim, thresholds] = process.argv.slice(2);
const db = LibraryDb.open(libraryDir as string);
const gate = new SwapGate();
const index = openVectorIndex(db, 'vec', Number(towerRowId), Number(dim), { thresholds: JSON.parse(thresholds as string), beforeRebuildSwap: gate.beforeSwap });
const rebuild = index.backgroundRebuild;
if (!rebuild) throw new Error('no background rebuild started');
await gate.reached;
process.stdout.write(`${JSON.stringify({ workerPid: rebuild.pid })}\n`);
setInterval(() => undefined, 60_000);
