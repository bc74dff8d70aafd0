/**
 * An event stream whose client stops reading is ended once its unsent bytes pass the limit, instead
 * of holding every later event in memory; the hub no longer writes to it.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { LumenEventHub } from '../../../src-common/contract-events';
import { EventStreams } from '../../../src-main/node/server/event-stream';

/** A response whose client never reads: every write stays buffered. */
class StalledResponse extends EventEmitter {
  writableLength = 0;
  ended = false;
  writeHead(): this {
    return this;
  }
  write(chunk: string): boolean {
    this.writableLength += Buffer.byteLength(chunk);
    return false;
  }
  end(): this {
    this.ended = true;
    this.emit('close');
    return this;
  }
}

describe('EventStreams', () => {
  it('ends a stream its client does not read once too much waits, and forgets it', () => {
    const hub = new LumenEventHub((error) => {
      throw error;
    });
    const streams = new EventStreams(hub, { maxClients: 4, heartbeatMs: 60_000, maxBufferedBytes: 10_000 });
    const response = new StalledResponse();
    expect(streams.accept(new EventEmitter() as IncomingMessage, response as unknown as ServerResponse)).toBe(true);
    expect(streams.clientCount).toBe(1);
    const state = { current: '/photos/a-long-folder-name', queued: [], progress: null, lastSummary: null, lastError: null };
    for (let i = 0; i < 1_000 && !response.ended; i++) hub.fire('indexProgress', state);
    expect(response.ended).toBe(true);
    expect(response.writableLength).toBeLessThan(10_000 + 500);
    expect(streams.clientCount).toBe(0);
  });
});
