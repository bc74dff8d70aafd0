/** The address keeps the view: a reload opens the same page, search, folder, tag and photo; Back goes to the previous place. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { formatRoute, HOME_ROUTE, parseRoute } from '../../src-renderer/src/lib/route';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

/** Opens the window; the function it returns closes it (as a reload would). */
function openWindow(client: MockLumenClient): () => void {
  return render(App, { props: { app: new AppState(client) } }).unmount;
}

/** Back as a browser does it: the address changes, then popstate. */
async function goBack(): Promise<void> {
  await new Promise<void>((resolve) => {
    window.addEventListener('popstate', () => resolve(), { once: true });
    history.back();
  });
}

describe('routes', () => {
  it('reads back what it writes, and ignores what it does not know', () => {
    const route = { view: 'photos' as const, query: 'red car & sea', folder: '/photos/Trips 2024', tag: 'beach', photo: 42 };
    expect(parseRoute(formatRoute(route))).toEqual(route);
    expect(parseRoute(formatRoute({ ...HOME_ROUTE, view: 'settings' }))).toEqual({ ...HOME_ROUTE, view: 'settings' });
    expect(parseRoute('#/nowhere?photo=-3&q=')).toEqual(HOME_ROUTE);
    expect(parseRoute('')).toEqual(HOME_ROUTE);
  });
});

describe('the address in the window', () => {
  it('writes the search, and a reload at that address searches again', async () => {
    const close = openWindow(MockLumenClient.withPhotos(12));
    await screen.findByRole('heading', { name: 'All photos · 12 photos' });
    await fireEvent.input(screen.getByLabelText('Search photos by what is in them'), { target: { value: 'blue star' } });
    await waitFor(() => expect(parseRoute(location.hash).query).toBe('blue star'));

    close();
    openWindow(MockLumenClient.withPhotos(12));
    await screen.findByRole('heading', { name: /^“blue star” · 12 results$/ });
    expect(screen.getByLabelText('Search photos by what is in them')).toHaveValue('blue star');
  });

  it('opens the folder, tag, page and viewer photo an address names', async () => {
    history.replaceState(null, '', formatRoute({ ...HOME_ROUTE, folder: '/photos/Shapes', photo: 3 }));
    const client = MockLumenClient.withPhotos(12);
    let close = openWindow(client);
    await screen.findByRole('dialog', { name: 'Photo viewer: img-000003.jpg' });
    expect(client.callsOf('listPhotos')).toContainEqual(expect.objectContaining({ folder: '/photos/Shapes' }));

    close();
    history.replaceState(null, '', formatRoute({ ...HOME_ROUTE, view: 'settings' }));
    close = openWindow(MockLumenClient.withPhotos(2));
    expect(await screen.findByRole('heading', { name: 'Settings', level: 1 })).toBeInTheDocument();

    close();
    const tagged = MockLumenClient.withPhotos(4);
    await tagged.addTag({ name: 'red' });
    history.replaceState(null, '', formatRoute({ ...HOME_ROUTE, tag: 'red' }));
    openWindow(tagged);
    await screen.findByRole('heading', { name: /^Tagged “red”/ });
  });

  it('goes Back from the viewer to the grid, and from a folder to the page before', async () => {
    const client = MockLumenClient.withPhotos(12);
    openWindow(client);
    await screen.findByRole('heading', { name: 'All photos · 12 photos' });
    await fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    await screen.findByRole('heading', { name: 'Settings', level: 1 });
    await fireEvent.click(screen.getByRole('button', { name: /^Shapes/ }));
    await screen.findByRole('heading', { name: /^Shapes · / });
    const grid = screen.getByRole('listbox');
    await waitFor(() => expect(within(grid).getAllByRole('option').length).toBeGreaterThan(1));
    await fireEvent.dblClick(grid.querySelector('#cell-1') as HTMLElement);
    await screen.findByRole('dialog', { name: 'Photo viewer: img-000002.jpg' });
    expect(parseRoute(location.hash)).toMatchObject({ folder: '/photos/Shapes', photo: 2 });

    await goBack();
    await waitFor(() => expect(screen.queryByRole('dialog', { name: /Photo viewer/ })).not.toBeInTheDocument());
    expect(screen.getByRole('heading', { name: /^Shapes · / })).toBeInTheDocument();
    await goBack();
    expect(await screen.findByRole('heading', { name: 'Settings', level: 1 })).toBeInTheDocument();
  });
});
