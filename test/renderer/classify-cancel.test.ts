/**
 * Cancelling a classification from the results panel: the batch in progress stops (the services'
 * cancelClassify), the photos not yet sent are left alone, the ones already filed keep their
 * outcomes, and Undo puts back every copy the classification made, not only its last call's.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

async function libraryWithCategories(photos: number): Promise<{ client: MockLumenClient; app: AppState }> {
  const client = MockLumenClient.withPhotos(photos);
  for (const name of ['circle', 'star', 'square']) await client.addCategory({ set: 'shapes', name });
  const app = new AppState(client);
  render(App, { props: { app } });
  await screen.findByRole('heading', { name: `All photos · ${photos} photos` });
  return { client, app };
}

/** A promise and the function that resolves it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('cancelling a classification', () => {
  it('stops the batch in progress, keeps what was filed with its outcomes, and Undo puts that back', async () => {
    const { client, app } = await libraryWithCategories(130);
    const first = gate();
    client.classifyHold = first.promise;
    const photos = client.photos.map((photo) => ({ id: photo.id, path: photo.path }));
    const classifying = app.dropOnCategorySet('shapes', [], photos, 'copy');

    const results = await screen.findByRole('region', { name: 'Classified into “shapes”' });
    await waitFor(() => expect(client.callsOf('classifyFiles')).toHaveLength(1));
    // The first 100 are answered and filed; the next call stays in progress until cancelled.
    client.classifyHold = new Promise<void>(() => {});
    first.open();
    await waitFor(() => expect(client.callsOf('classifyFiles')).toHaveLength(2));
    await waitFor(() => expect(within(results).getAllByRole('listitem', { name: /^img-/ })).toHaveLength(100));
    expect(within(results).getByRole('status')).toHaveTextContent('Classifying…');

    await fireEvent.click(within(results).getByRole('button', { name: 'Cancel' }));
    await classifying;

    expect(client.callsOf('cancelClassify')).toHaveLength(1);
    expect(client.callsOf('classifyFiles')).toHaveLength(2);
    expect(within(results).getByRole('status')).toHaveTextContent(
      'Stopped: 100 of 130 photos were classified and filed as shown (Undo puts them back); the other 30 were left as they were.',
    );
    expect(within(results).queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();
    expect(within(results).getAllByRole('listitem', { name: /^img-/ })).toHaveLength(100);
    expect(within(results).getAllByText(/^\s*Copied to /).length).toBeGreaterThan(0);
    expect(client.batches).toHaveLength(1);
    expect(app.notice?.tone).not.toBe('error');

    await fireEvent.click(within(results).getByRole('button', { name: 'Undo the copy' }));
    await waitFor(() => expect(client.callsOf('undoHistoryEntry')).toHaveLength(1));
    expect(client.callsOf('undoLast')).toEqual([]);
    expect(client.batches).toEqual([]);
    await waitFor(() => expect(within(results).queryByText(/Copied to/)).not.toBeInTheDocument());
  });

  it('Undo puts back every call of a classification that took several, without a cancel', async () => {
    const { client, app } = await libraryWithCategories(230);
    const photos = client.photos.map((photo) => ({ id: photo.id, path: photo.path }));
    await app.dropOnCategorySet('shapes', [], photos, 'copy');
    expect(client.callsOf('classifyFiles')).toHaveLength(3);
    expect(client.batches).toHaveLength(3);
    const filed = client.batches.reduce((sum, batch) => sum + batch.moves.length, 0);

    const results = screen.getByRole('region', { name: 'Classified into “shapes”' });
    expect(within(results).queryByRole('status')).not.toBeInTheDocument();
    await fireEvent.click(within(results).getByRole('button', { name: 'Undo the copy' }));
    // Through the history, as Ctrl+Z and the History panel undo: each call's entry, newest first, is marked undone there.
    const entries = client.history.map((entry) => entry.id);
    await waitFor(() => expect(client.callsOf('undoHistoryEntry')).toEqual(entries.map((id) => ({ id }))));
    expect(client.callsOf('undoLast')).toEqual([]);
    expect(client.batches).toEqual([]);
    await waitFor(() => expect(screen.getByText(`Removed the copies of ${filed} photos.`)).toBeInTheDocument());
    await fireEvent.click(screen.getByRole('button', { name: 'History' }));
    const panel = await screen.findByRole('dialog', { name: 'History' });
    await waitFor(() => expect(within(panel).getAllByText(/This change was undone\.$/)).toHaveLength(3));
  });
});
