/**
 * Events under `lumen serve`: GET /events streams indexing progress, library changes and errors as
 * Server-Sent Events from the real services, behind the same token and Origin guard as every
 * request, with a bounded number of streams. Cancelling an index run through the same services stops
 * it after the work already in flight.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexingState } from '../../../src-common/contract-app';
import { createApiDispatcher } from '../../../src-main/node/api/api-handlers';
import { AppSession } from '../../../src-main/node/api/app-session';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { startLumenServer, type RunningServer } from '../../../src-main/node/server/lumen-server';
import { renderShapesSet } from '../../support/independent-shapes-renderer';

let session: AppSession;
let server: RunningServer;
let photosDir: string;
let otherPhotosDir: string;
let cookie: string;

/** One photo batch per worker is in flight when a cancel arrives (indexWorkers 1, CPU batches of 8); decode may have the next. */
const IN_FLIGHT_LIMIT = 2 * 8;

beforeAll(async () => {
  const base = await mkdtemp(join(tmpdir(), 'lumen-events-'));
  photosDir = join(base, 'photos');
  await renderShapesSet(photosDir, { perPair: 1, seed: 11 });
  otherPhotosDir = join(base, 'other-photos');
  await renderShapesSet(otherPhotosDir, { perPair: 2, seed: 12 });
  const rendererDir = join(base, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Lumen</title>');
  session = new AppSession(await LumenServices.open({ libraryDir: join(base, 'library'), indexWorkers: 1 }));
  server = await startLumenServer({
    dispatch: createApiDispatcher(() => Promise.resolve(session)),
    files: () => Promise.resolve(session.files),
    rendererDir,
    port: 0,
    events: session.events,
    eventLimits: { maxClients: 2, heartbeatMs: 50 },
  });
  const visit = await fetch(server.url, { redirect: 'manual' });
  cookie = (visit.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
});

afterAll(async () => {
  await server.close();
  await session.dispose();
});

interface StreamedEvent {
  event: string;
  data: unknown;
}

/** Opens GET /events and parses what arrives until `until` is satisfied by the events so far. */
async function readEvents(
  until: (events: StreamedEvent[], comments: number) => boolean,
  start: () => Promise<void> = async () => {},
): Promise<StreamedEvent[]> {
  const controller = new AbortController();
  const response = await fetch(`${server.origin}/events`, { headers: { Cookie: cookie }, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: StreamedEvent[] = [];
  let comments = 0;
  let buffered = '';
  await start();
  while (!until(events, comments)) {
    const chunk = await reader.read();
    if (chunk.done) break;
    buffered += decoder.decode(chunk.value, { stream: true });
    let end = buffered.indexOf('\n\n');
    while (end >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      if (block.startsWith(':')) comments++;
      const name = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (name && data) events.push({ event: name, data: JSON.parse(data) as unknown });
      end = buffered.indexOf('\n\n');
    }
  }
  controller.abort();
  return events;
}

function finished(events: StreamedEvent[]): boolean {
  return events.some((e) => e.event === 'indexProgress' && (e.data as IndexingState).current === null && (e.data as IndexingState).lastSummary !== null);
}

describe('GET /events', () => {
  it('is refused without the token, from another origin, and past its number of streams', async () => {
    expect((await fetch(`${server.origin}/events`)).status).toBe(401);
    expect((await fetch(`${server.origin}/events`, { headers: { Cookie: cookie, Origin: 'http://evil.example' } })).status).toBe(403);
    const open = [new AbortController(), new AbortController()];
    for (const controller of open)
      expect((await fetch(`${server.origin}/events`, { headers: { Cookie: cookie }, signal: controller.signal })).status).toBe(200);
    const third = await fetch(`${server.origin}/events`, { headers: { Cookie: cookie } });
    expect(third.status).toBe(503);
    expect(((await third.json()) as { error: { message: string } }).error.message).toMatch(/too many windows/);
    open.forEach((controller) => controller.abort());
  });

  it('sends heartbeats while nothing happens', async () => {
    let heartbeats = 0;
    await readEvents((_events, comments) => (heartbeats = comments) >= 2);
    expect(heartbeats).toBeGreaterThanOrEqual(2);
  });

  it('pushes indexing progress until the run ends, then that the library changed, without a poll', async () => {
    const events = await readEvents(
      (seen) => finished(seen) && seen.some((e) => e.event === 'libraryChanged'),
      async () => {
        const response = await fetch(`${server.origin}/api/addFolder`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Cookie: cookie },
          body: JSON.stringify({ arg: photosDir }),
        });
        expect(response.status).toBe(200);
      },
    );
    const progress = events.filter((e) => e.event === 'indexProgress').map((e) => e.data as IndexingState);
    expect(progress.some((state) => state.current === photosDir && (state.progress?.done ?? 0) > 0)).toBe(true);
    expect(progress.at(-1)?.lastSummary).toMatchObject({ indexed: 32, failed: 0 });
    expect(events.find((e) => e.event === 'libraryChanged')?.data).toEqual({ reason: 'indexed' });
  }, 600_000);
});

describe('cancelling an index run', () => {
  it('stops it after the photos already in flight, through the real services', async () => {
    const seen: IndexingState[] = [];
    let doneAtCancel: number | null = null;
    const stop = session.events.listen('indexProgress', (state) => {
      seen.push(state);
      const done = state.progress?.done ?? 0;
      if (doneAtCancel === null && done > 0) {
        doneAtCancel = done;
        session.indexing.control('cancel');
      }
    });
    session.indexing.enqueue([otherPhotosDir]);
    await session.indexing.idle();
    stop();
    const last = session.indexing.state();
    expect(doneAtCancel).not.toBeNull();
    expect(last.current).toBeNull();
    expect(last.queued).toEqual([]);
    const doneAfterCancel = (last.progress?.done ?? 0) - (doneAtCancel ?? 0);
    expect(doneAfterCancel).toBeLessThanOrEqual(IN_FLIGHT_LIMIT);
    expect(last.lastSummary).toMatchObject({ cancelled: true });
    expect(last.lastSummary?.indexed ?? 0).toBeLessThan(64);
  }, 600_000);
});
