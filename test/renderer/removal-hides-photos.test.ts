/**
 * A removed folder's photos leave the grid at once, while Undo can still bring the folder back (the
 * library keeps them until then), and come back with Undo; a search meanwhile leaves them out too.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

function twoFolders(): MockLumenClient {
  const client = MockLumenClient.withPhotos(4, '/photos/Shapes');
  const trips = MockLumenClient.withPhotos(2, '/photos/Trips');
  client.folders.push('/photos/Trips');
  client.photos.push(...trips.photos.map((photo, i) => ({ ...photo, id: 5 + i })));
  return client;
}

const toast = () => screen.getByText(/^Removed /).closest('.toast') as HTMLElement;

describe('photos of a folder being removed', () => {
  it('leave the grid at once and come back with Undo', async () => {
    const client = twoFolders();
    const app = new AppState(client);
    render(App, { props: { app } });
    await screen.findByRole('heading', { name: 'All photos · 6 photos' });
    const sidebar = screen.getByRole('navigation', { name: 'Library' });
    await fireEvent.click(await within(sidebar).findByRole('button', { name: 'Remove Shapes from the library' }));
    await screen.findByRole('heading', { name: 'All photos · 2 photos' });
    expect(client.callsOf('listPhotos').at(-1)).toEqual({ offset: 0, limit: 300, exceptFolders: ['/photos/Shapes'] });
    expect(within(sidebar).getByRole('button', { name: /^All photos/ })).toHaveTextContent(/^All photos\s*2$/);
    expect(client.callsOf('removeFolder')).toEqual([]);

    app.search.text = 'red';
    app.search.flush();
    await waitFor(() => expect(client.callsOf('search').length).toBeGreaterThan(0));
    expect(client.callsOf('search').at(-1)).toMatchObject({ filters: { exceptFolders: ['/photos/Shapes'] } });
    app.search.clear();

    await fireEvent.click(within(toast()).getByRole('button', { name: 'Undo' }));
    await screen.findByRole('heading', { name: 'All photos · 6 photos' });
    expect(client.callsOf('listPhotos').at(-1)).toEqual({ offset: 0, limit: 300 });
    expect(client.callsOf('removeFolder')).toEqual([]);
  });
});

describe('a folder removed for good', () => {
  it('hides nothing afterwards, so the same folder added again shows its photos', async () => {
    const client = twoFolders();
    const app = new AppState(client);
    render(App, { props: { app } });
    await screen.findByRole('heading', { name: 'All photos · 6 photos' });
    const sidebar = screen.getByRole('navigation', { name: 'Library' });
    await fireEvent.click(await within(sidebar).findByRole('button', { name: 'Remove Shapes from the library' }));
    await fireEvent.click(within(toast()).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(client.callsOf('removeFolder')).toEqual(['/photos/Shapes']));
    await waitFor(() => expect(client.callsOf('listPhotos').at(-1)).toEqual({ offset: 0, limit: 300 }));
  });
});
