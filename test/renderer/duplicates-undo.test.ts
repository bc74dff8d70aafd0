/**
 * The duplicates view's Undo puts back its own move through the history, as Ctrl+Z and the History
 * panel do: a copy or move made since (filing a photo into a category) is left as it is, and the
 * move is then shown undone in the history.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import type { DuplicatePhoto } from '../../src-common/contract-library-views';
import { MockLumenClient, type MockPhoto } from './mock-client';
import { NOTICE_READING_MS } from '../../src-renderer/src/state/notice-state.svelte';

function copyOf(photo: MockPhoto): DuplicatePhoto {
  const folder = photo.path.slice(0, photo.path.lastIndexOf('/'));
  return { id: photo.id, path: photo.path, folder, size: 1000, width: photo.width, height: photo.height, takenAt: photo.takenAt, hasThumbnail: true };
}

async function movedOut(): Promise<{ client: MockLumenClient; outcome: HTMLElement; kept: MockPhoto }> {
  const client = MockLumenClient.withPhotos(3, '/photos/Trips');
  const [kept, copy, other] = client.photos as [MockPhoto, MockPhoto, MockPhoto];
  client.duplicateGroups = [{ kind: 'same-file', photos: [copyOf(kept), copyOf(copy)] }];
  render(App, { props: { app: new AppState(client) } });
  await fireEvent.click(await screen.findByRole('button', { name: 'Duplicates' }));
  await screen.findByRole('list', { name: 'Group 1: 2 copies, the same file' });
  await fireEvent.input(screen.getByLabelText('Move the ticked copies to this folder (outside the library)'), { target: { value: '/set aside' } });
  await fireEvent.click(screen.getByRole('button', { name: 'Move 1 copy…' }));
  await fireEvent.click(within(await screen.findByRole('dialog', { name: 'Move 1 copy out of the library?' })).getByRole('button', { name: 'Move them' }));
  const outcome = await screen.findByRole('status', { name: 'Last move' });
  expect(client.photos.map((p) => p.id)).toEqual([kept.id, other.id]);
  return { client, outcome, kept: other };
}

describe("the duplicates view's Undo", () => {
  it('puts back its own move through the history even when another copy was made since, leaving that copy alone', async () => {
    const { client, outcome, kept } = await movedOut();
    const moveEntry = client.history[0];
    expect(moveEntry?.kind).toBe('move');
    // Another copy is made after the move (filing a photo into a category), so it is the newest batch.
    await client.addCategory({ set: 'Sorted', name: 'Keep', folder: '/sorted/Keep' });
    const filed = await client.fileIntoCategory({ set: 'Sorted', category: 'Keep', files: [kept.path], action: 'copy' });
    expect(filed.ok).toBe(true);
    const copyEntry = client.history[0];
    expect(copyEntry?.kind).toBe('copy');

    await fireEvent.click(within(outcome).getByRole('button', { name: 'Undo: put them back' }));
    // It follows the move's confirmation once that has been on screen long enough to read.
    expect(await screen.findByText('Put 1 photo back where it was.', {}, { timeout: NOTICE_READING_MS + 2000 })).toBeInTheDocument();
    expect(client.callsOf('undoLast')).toEqual([]);
    expect(client.callsOf('undoHistoryEntry')).toEqual([{ id: moveEntry?.id }]);
    expect(client.photos.map((p) => p.id).sort()).toEqual([1, 2, 3]);
    expect(client.history.find((e) => e.id === moveEntry?.id)?.undoneAt).not.toBeNull();
    expect(client.history.find((e) => e.id === copyEntry?.id)?.undoneAt).toBeNull();
    await waitFor(() => expect(client.callsOf('reindexAll')).toHaveLength(1));
    expect(screen.queryByRole('status', { name: 'Last move' })).not.toBeInTheDocument();
  });

  it('says so, and puts nothing else back, when its move was undone from the history already', async () => {
    const { client, outcome } = await movedOut();
    const moveEntry = client.history[0];
    await client.undoHistoryEntry({ id: moveEntry?.id });
    const calls = client.callsOf('undoHistoryEntry').length;

    await fireEvent.click(within(outcome).getByRole('button', { name: 'Undo: put them back' }));
    expect(await screen.findByText('That move was undone already.')).toBeInTheDocument();
    expect(client.callsOf('undoHistoryEntry')).toHaveLength(calls);
    expect(client.callsOf('undoLast')).toEqual([]);
  });

  it('no longer offers Undo once Ctrl+Z has put the move back', async () => {
    const { client } = await movedOut();
    await fireEvent.keyDown(document.body, { key: 'z', ctrlKey: true });
    await waitFor(() => expect(screen.queryByRole('status', { name: 'Last move' })).not.toBeInTheDocument());
    expect(client.callsOf('undoHistoryEntry')).toHaveLength(1);
    expect(client.photos.map((p) => p.id).sort()).toEqual([1, 2, 3]);
  });
});
