/**
 * The browser window's event stream (one EventSource on GET /events): events reach the listeners of
 * their name only; a dropped connection is `offline` until the browser reconnects; a stream refused
 * for good is `new-address` when the server no longer takes the token, and opened again later when
 * it still does.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventConnection } from '../../src-renderer/src/api/event-connection';
import type { ConnectionState } from '../../src-renderer/src/api/lumen-client';
import { FakeEventSource, useFakeEventSource } from './fake-event-source';

useFakeEventSource();
afterEach(() => vi.useRealTimers());

describe('EventConnection', () => {
  it('delivers each event to its own listeners, and reports a dropped connection until the browser reconnects', () => {
    const connection = new EventConnection('', () => Promise.resolve(true));
    const states: ConnectionState[] = [];
    const changes: unknown[] = [];
    connection.onConnection((state) => states.push(state));
    connection.listen('libraryChanged', (change) => changes.push(change));
    const source = FakeEventSource.opened[0] as FakeEventSource;
    expect(FakeEventSource.opened).toHaveLength(1);
    expect(source.url).toBe('/events');
    source.open();
    source.send('libraryChanged', '{"reason":"indexed"}');
    source.send('indexProgress', '{"current":null}');
    expect(changes).toEqual([{ reason: 'indexed' }]);

    source.fail(FakeEventSource.CONNECTING);
    source.open();
    expect(states).toEqual(['offline', 'online']);
    expect(FakeEventSource.opened).toHaveLength(1);
  });

  it('asks for the new address when the server refuses the token, and opens again later when it does not', async () => {
    let accepted: boolean | null = null;
    const connection = new EventConnection('', () => Promise.resolve(accepted));
    const states: ConnectionState[] = [];
    connection.onConnection((state) => states.push(state));
    vi.useFakeTimers();
    (FakeEventSource.opened[0] as FakeEventSource).fail(FakeEventSource.CLOSED);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(FakeEventSource.opened).toHaveLength(2);
    expect(states).toEqual(['offline']);

    accepted = false;
    (FakeEventSource.opened[1] as FakeEventSource).fail(FakeEventSource.CLOSED);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(states).toEqual(['offline', 'new-address']);
    expect(FakeEventSource.opened).toHaveLength(2);
  });
});
