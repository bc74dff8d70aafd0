/**
 * `tsx bench/serve-burst-server.ts <library> <renderer> <maxRunningCalls> <maxWaitingCalls>`: the
 * `lumen serve` server over a fresh library with the bundled model, in its own process so its
 * memory is measured alone. Prints `{"origin","token"}` once listening; then answers each line on
 * stdin: `rss` → its resident memory now, `peak` → its peak resident memory (then exits).
 */
import { createInterface } from 'node:readline';
import { createApiDispatcher } from '../src-main/node/api/api-handlers';
import { AppSession } from '../src-main/node/api/app-session';
import { LumenServices } from '../src-main/node/lumen-services';
import { startLumenServer } from '../src-main/node/server/lumen-server';

const [library = '', renderer = '', running = '8', waiting = '64'] = process.argv.slice(2);
const session = new AppSession(await LumenServices.open({ libraryDir: library }));
const server = await startLumenServer({
  dispatch: createApiDispatcher(() => Promise.resolve(session)),
  files: () => Promise.resolve(session.files),
  rendererDir: renderer,
  port: 0,
  limits: { maxRunningCalls: Number(running), maxWaitingCalls: Number(waiting) },
});
process.stdout.write(`${JSON.stringify({ origin: server.origin, token: server.token })}\n`);

const MB = 1024 * 1024;
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'rss') process.stdout.write(`${JSON.stringify({ rssMb: process.memoryUsage().rss / MB })}\n`);
  if (line === 'peak') {
    // maxRSS is in kilobytes on Linux and macOS.
    process.stdout.write(`${JSON.stringify({ peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
    break;
  }
}
process.stdin.destroy();
await server.close();
await session.dispose();
