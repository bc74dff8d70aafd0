/** Removing a folder or deleting a tag can be undone for a few seconds; only then do the services remove it. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { PendingRemoval, UNDO_SECONDS } from '../../src-renderer/src/state/pending-removal.svelte';
import { MockLumenClient } from './mock-client';

function renderApp(client: MockLumenClient) {
  const app = new AppState(client);
  const view = render(App, { props: { app } });
  return { app, view };
}

const toast = () => screen.getByText(/^(Deleted the tag|Removed )/).closest('.toast') as HTMLElement;

describe('undo after removing', () => {
  afterEach(() => vi.useRealTimers());

  it('a deleted tag disappears at once and Undo brings it back without deleting it', async () => {
    const client = MockLumenClient.withPhotos(4);
    await client.addTag({ name: 'red' });
    renderApp(client);
    const tags = await screen.findByRole('list', { name: 'Tags' });
    await fireEvent.click(await within(tags).findByRole('button', { name: 'Delete the tag red' }));
    await waitFor(() => expect(within(tags).queryByRole('button', { name: /^red/ })).not.toBeInTheDocument());
    expect(toast()).toHaveTextContent('Deleted the tag “red”; its photos stay.');
    await fireEvent.click(within(toast()).getByRole('button', { name: 'Undo' }));
    // The list was empty meanwhile (the sidebar says there are no tags), so it is looked up again.
    expect(await within(await screen.findByRole('list', { name: 'Tags' })).findByRole('button', { name: /^red/ })).toBeInTheDocument();
    expect(client.callsOf('deleteTag')).toEqual([]);
  });

  it('closing the toast deletes the tag', async () => {
    const client = MockLumenClient.withPhotos(4);
    await client.addTag({ name: 'red' });
    renderApp(client);
    const tags = await screen.findByRole('list', { name: 'Tags' });
    await fireEvent.click(await within(tags).findByRole('button', { name: 'Delete the tag red' }));
    await fireEvent.click(within(toast()).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(client.callsOf('deleteTag')).toEqual(['red']));
    expect(screen.queryByRole('button', { name: 'Delete the tag red' })).not.toBeInTheDocument();
  });

  it('a removed folder leaves the sidebar at once; Undo keeps it and its photos; closing the window removes it', async () => {
    const client = MockLumenClient.withPhotos(4, '/photos/Shapes');
    client.folders.push('/photos/Trips');
    const { view } = renderApp(client);
    const sidebar = await screen.findByRole('navigation', { name: 'Library' });
    await fireEvent.click(await within(sidebar).findByRole('button', { name: 'Remove Shapes from the library' }));
    await waitFor(() => expect(within(sidebar).queryByRole('button', { name: 'Remove Shapes from the library' })).not.toBeInTheDocument());
    expect(toast()).toHaveTextContent('Removed Shapes from the library; the files stay on disk.');
    await fireEvent.click(within(toast()).getByRole('button', { name: 'Undo' }));
    expect(await within(sidebar).findByRole('button', { name: 'Remove Shapes from the library' })).toBeInTheDocument();
    expect(client.callsOf('removeFolder')).toEqual([]);
    expect(client.photos).toHaveLength(4);

    await fireEvent.click(within(sidebar).getByRole('button', { name: 'Remove Shapes from the library' }));
    view.unmount();
    await waitFor(() => expect(client.callsOf('removeFolder')).toEqual(['/photos/Shapes']));
  });

  it('removes for good once the undo time is over', async () => {
    vi.useFakeTimers();
    const done: string[] = [];
    const removal = new PendingRemoval();
    await removal.start({ text: 'Removed Shapes.', commit: async () => void done.push('removed'), restore: async () => void done.push('restored') });
    await vi.advanceTimersByTimeAsync(UNDO_SECONDS * 1000 - 1);
    expect(done).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toEqual(['removed']);
    expect(removal.current).toBeNull();
  });
});
