/** Ctrl+Z pressed again while an undo is on its way undoes the change before it next, as in an editor. */
import { describe, expect, it } from 'vitest';
import { HistoryState } from '../../src-renderer/src/state/history-state.svelte';
import { MockLumenClient } from './mock-client';

describe('undo from the history', () => {
  it('runs undos asked for in quick succession one after the other, each taking the next change back', async () => {
    const client = new MockLumenClient();
    client.recordHistory('Rated 1 photo 2 stars', 'Gave 1 photo back the stars it had before.', 'photo-marks');
    client.recordHistory('Rated 1 photo 5 stars', 'Gave 1 photo back the stars it had before.', 'photo-marks');
    const history = new HistoryState(client);
    const [first, second, third] = await Promise.all([history.undo(), history.undo(), history.undo()]);
    expect([first, second, third]).toEqual([true, true, false]);
    expect(client.callsOf('undoHistoryEntry')).toEqual([{}, {}, {}]);
    expect(client.history.map((entry) => entry.undoneAt !== null)).toEqual([true, true]);
    expect(history.error).toBe('There is nothing to undo.');
    expect(history.busy).toBe(false);
  });
});
