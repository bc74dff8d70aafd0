/**
 * A call that cannot reach `lumen serve` while the event stream still looks open (the network went
 * without the connection closing): the window is offline at once, and a new stream brings it back
 * online when the server answers again.
 */
import { describe, expect, it } from 'vitest';
import { EventConnection } from '../../src-renderer/src/api/event-connection';
import type { ConnectionState } from '../../src-renderer/src/api/lumen-client';
import { FakeEventSource, useFakeEventSource } from './fake-event-source';

useFakeEventSource();
describe('a call that cannot reach the server', () => {
  it('makes the window offline and opens a new stream, which brings it back online', () => {
    const connection = new EventConnection('', () => Promise.resolve(true));
    const states: ConnectionState[] = [];
    connection.onConnection((state) => states.push(state));
    const first = FakeEventSource.opened[0] as FakeEventSource;
    first.open();

    connection.callFailed();
    expect(states).toEqual(['offline']);
    expect(first.readyState).toBe(FakeEventSource.CLOSED);
    expect(FakeEventSource.opened).toHaveLength(2);
    connection.callFailed();
    expect(FakeEventSource.opened).toHaveLength(2);

    (FakeEventSource.opened[1] as FakeEventSource).open();
    expect(states).toEqual(['offline', 'online']);
  });
});
