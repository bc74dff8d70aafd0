/**
 * A call that cannot reach `lumen serve` while the event stream still looks open (the network went
 * without the connection closing): the window is offline at once, and a new stream brings it back
 * online when the server answers again.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventConnection } from '../../src-renderer/src/api/event-connection';
import type { ConnectionState } from '../../src-renderer/src/api/lumen-client';

/** Stands in for the browser's EventSource, which jsdom lacks; the test plays the server. */
class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static opened: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  constructor(readonly url: string) {
    super();
    FakeEventSource.opened.push(this);
  }
  close(): void {
    this.readyState = FakeEventSource.CLOSED;
  }
  open(): void {
    this.readyState = FakeEventSource.OPEN;
    this.dispatchEvent(new Event('open'));
  }
}

beforeEach(() => {
  FakeEventSource.opened = [];
  vi.stubGlobal('EventSource', FakeEventSource);
});
afterEach(() => vi.unstubAllGlobals());

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
