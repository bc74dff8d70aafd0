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

  it('reads back "more like this", the order and marks, and the filter chips; drops values it does not know', () => {
    const route = {
      ...HOME_ROUTE,
      query: 'at night',
      options: {
        like: 7,
        sort: 'name' as const,
        favourites: true as const,
        stars: 3,
        types: ['jpeg', 'png'],
        from: '2024-01-01',
        to: '2024-06-30',
        undated: false as const,
        near: 'Lisbon Portugal',
      },
    };
    expect(parseRoute(formatRoute(route))).toEqual(route);
    expect(parseRoute('#/photos?like=0&sort=sideways&favourites=yes&stars=9&type=..%2Fx&from=yesterday&undated=maybe')).toEqual(HOME_ROUTE);
    // The default order is the address without one.
    expect(formatRoute({ ...HOME_ROUTE, options: { sort: 'taken-desc' } })).toBe('#/photos');
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

  it('keeps "more like this" with its words: a reload searches by the example again', async () => {
    history.replaceState(null, '', formatRoute(HOME_ROUTE));
    const close = openWindow(MockLumenClient.withPhotos(12));
    await screen.findByRole('heading', { name: 'All photos · 12 photos' });
    const grid = screen.getByRole('listbox');
    await waitFor(() => expect(within(grid).getAllByRole('option').length).toBeGreaterThan(1));
    await fireEvent.dblClick(grid.querySelector('#cell-2') as HTMLElement);
    const viewer = await screen.findByRole('dialog', { name: /^Photo viewer: / });
    const example = Number(parseRoute(location.hash).photo);
    await fireEvent.click(within(viewer).getByRole('button', { name: /More like this/ }));
    await waitFor(() => expect(parseRoute(location.hash)).toMatchObject({ query: '', photo: null, options: { like: example } }));
    await fireEvent.input(screen.getByLabelText('Search photos by what is in them'), { target: { value: 'at night' } });
    await waitFor(() => expect(parseRoute(location.hash)).toMatchObject({ query: 'at night', options: { like: example } }));

    close();
    const reloaded = MockLumenClient.withPhotos(12);
    openWindow(reloaded);
    await waitFor(() => expect(reloaded.callsOf('search')).toContainEqual(expect.objectContaining({ text: 'at night', like: [example] })));
    expect(await screen.findByRole('button', { name: `Stop searching like img-${String(example).padStart(6, '0')}.jpg` })).toBeInTheDocument();
    expect(screen.getByLabelText('Search photos by what is in them')).toHaveValue('at night');
  });

  it('keeps the order, the marks and the filter chips across a reload and Back', async () => {
    history.replaceState(null, '', formatRoute(HOME_ROUTE));
    const close = openWindow(MockLumenClient.withPhotos(12));
    await screen.findByRole('heading', { name: 'All photos · 12 photos' });
    await fireEvent.click(screen.getByRole('radio', { name: 'File name' }));
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Favourites only' }));
    await waitFor(() => expect(parseRoute(location.hash).options).toEqual({ sort: 'name', favourites: true }));
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Favourites only' }));
    await fireEvent.input(screen.getByLabelText('Search photos by what is in them'), { target: { value: 'red circle' } });
    const filters = screen.getByRole('group', { name: 'Filters' });
    await fireEvent.click(within(filters).getByRole('button', { name: 'PNG' }));
    await fireEvent.change(within(filters).getByLabelText('From', { exact: true }), { target: { value: '2024-01-01' } });
    await fireEvent.click(within(filters).getByLabelText('Include undated', { exact: true }));
    await waitFor(() =>
      expect(parseRoute(location.hash)).toMatchObject({ query: 'red circle', options: { sort: 'name', types: ['png'], from: '2024-01-01', undated: false } }),
    );

    close();
    const reloaded = MockLumenClient.withPhotos(12);
    openWindow(reloaded);
    await waitFor(() =>
      expect(reloaded.callsOf('search')).toContainEqual(expect.objectContaining({ text: 'red circle', filters: { fileTypes: ['png'], from: '2024-01-01' } })),
    );
    const chips = screen.getByRole('group', { name: 'Filters' });
    expect(within(chips).getByRole('button', { name: 'PNG' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(chips).getByLabelText('From', { exact: true })).toHaveValue('2024-01-01');
    expect(within(chips).getByLabelText('Include undated', { exact: true })).not.toBeChecked();
    expect(reloaded.callsOf('listPhotos')).toContainEqual(expect.objectContaining({ sort: 'name' }));

    // Another place, then Back: the search comes back with its chips and order.
    await fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    await screen.findByRole('heading', { name: 'Settings', level: 1 });
    await goBack();
    await screen.findByRole('heading', { name: /^“red circle” · / });
    expect(within(screen.getByRole('group', { name: 'Filters' })).getByRole('button', { name: 'PNG' })).toHaveAttribute('aria-pressed', 'true');
    expect(parseRoute(location.hash)).toMatchObject({ query: 'red circle', options: { sort: 'name', types: ['png'], from: '2024-01-01', undated: false } });
  });
});
