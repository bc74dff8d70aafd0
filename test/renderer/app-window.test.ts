/** The whole window against the one API mock: folders, indexing progress, search as you type, viewer, settings. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

function renderApp(client: MockLumenClient): AppState {
  const app = new AppState(client);
  render(App, { props: { app } });
  return app;
}

describe('the window', () => {
  it('invites adding a folder, then shows its indexing progress and finally its photos', async () => {
    const client = new MockLumenClient();
    renderApp(client);
    expect(await screen.findByRole('heading', { name: 'Find photos by what is in them' })).toBeInTheDocument();

    await fireEvent.click(screen.getAllByRole('button', { name: 'Add a folder' })[0] as HTMLElement);
    const path = await screen.findByLabelText('Folder path on this computer');
    await fireEvent.input(path, { target: { value: '/photos/Holidays' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add and index' }));
    expect(client.callsOf('addFolder')).toEqual(['/photos/Holidays']);

    const progress = await screen.findByRole('region', { name: 'Indexing progress' });
    expect(progress).toHaveTextContent('Indexing Holidays');
    expect(progress).toHaveTextContent('3 of 8 photos');
    expect(progress).toHaveTextContent('12.5 photos/s');
    expect(screen.getByRole('progressbar', { name: 'Indexing Holidays' })).toHaveAttribute('aria-valuenow', '38');

    client.finishIndexing();
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Indexing progress' })).not.toBeInTheDocument());
    await screen.findByRole('heading', { name: 'All photos · 8 photos' });
    expect(screen.getByRole('button', { name: /^Holidays/ })).toHaveTextContent('8');
  });

  it('rejects a relative folder path with the reason, keeping the dialog open', async () => {
    const client = new MockLumenClient();
    renderApp(client);
    await fireEvent.click((await screen.findAllByRole('button', { name: 'Add a folder' }))[0] as HTMLElement);
    await fireEvent.input(await screen.findByLabelText('Folder path on this computer'), { target: { value: 'Pictures' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add and index' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('absolute path');
  });

  it('searches once after typing stops and shows the best match first', async () => {
    const client = MockLumenClient.withPhotos(40);
    renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 40 photos' });
    const box = screen.getByLabelText('Search photos by what is in them');
    for (const text of ['b', 'bl', 'blu', 'blue', 'blue ', 'blue s', 'blue st', 'blue sta', 'blue star'])
      await fireEvent.input(box, { target: { value: text } });
    await screen.findByRole('heading', { name: /^“blue star” · 40 results$/ });
    expect(client.callsOf('search')).toEqual([{ text: 'blue star', limit: 300 }]);
    const first = screen.getByRole('listbox').querySelector('#cell-0');
    expect(first).toHaveAccessibleName('img-000002.jpg, 100% match');
  });

  it('searches inside the folder open in the sidebar until the scope is removed', async () => {
    const client = MockLumenClient.withPhotos(8, '/photos/Shapes');
    renderApp(client);
    await fireEvent.click(await screen.findByRole('button', { name: /^Shapes/ }));
    await screen.findByRole('heading', { name: 'Shapes · 8 photos' });
    await fireEvent.input(screen.getByLabelText('Search photos by what is in them'), { target: { value: 'red' } });
    await screen.findByRole('heading', { name: /^“red” in Shapes · \d+ results$/ });
    expect(client.callsOf('search').at(-1)).toEqual({ text: 'red', limit: 300, filters: { folders: ['/photos/Shapes'] } });
    await fireEvent.click(screen.getByRole('button', { name: 'Search all folders' }));
    await screen.findByRole('heading', { name: /^“red” · \d+ results$/ });
    await waitFor(() => expect(client.callsOf('search').at(-1)).toEqual({ text: 'red', limit: 300 }));
  });

  it('narrows a search with file type and date filters, and clears them', async () => {
    const client = MockLumenClient.withPhotos(8);
    renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 8 photos' });
    expect(screen.queryByRole('group', { name: 'Filters' })).not.toBeInTheDocument();
    await fireEvent.input(screen.getByLabelText('Search photos by what is in them'), { target: { value: 'red' } });
    const filters = await screen.findByRole('group', { name: 'Filters' });
    await fireEvent.click(within(filters).getByRole('button', { name: 'PNG' }));
    expect(within(filters).getByRole('button', { name: 'PNG' })).toHaveAttribute('aria-pressed', 'true');
    await fireEvent.change(within(filters).getByLabelText('From'), { target: { value: '2024-01-01' } });
    await waitFor(() =>
      expect(client.callsOf('search').at(-1)).toEqual({ text: 'red', limit: 300, filters: { fileTypes: ['png'], from: '2024-01-01', includeUndated: true } }),
    );
    await fireEvent.click(within(filters).getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(client.callsOf('search').at(-1)).toEqual({ text: 'red', limit: 300 }));
  });

  it('keeps a 100 000-photo library to a handful of cells in the page', async () => {
    const client = MockLumenClient.withPhotos(100_000);
    renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 100,000 photos' });
    const grid = screen.getByRole('listbox');
    await waitFor(() => expect(within(grid).getAllByRole('option').length).toBeGreaterThan(0));
    expect(within(grid).getAllByRole('option').length).toBeLessThan(200);
    expect(within(grid).getAllByRole('option')[0]).toHaveAttribute('aria-setsize', '100000');
    // Only the first page was fetched, not the library.
    expect(client.callsOf('listPhotos')).toEqual([{ offset: 0, limit: 300 }]);
  });

  it('selects with the keyboard and opens the viewer with details and similar photos', async () => {
    const client = MockLumenClient.withPhotos(12);
    renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 12 photos' });
    const grid = screen.getByRole('listbox');
    await waitFor(() => expect(within(grid).getAllByRole('option').length).toBeGreaterThan(1));
    grid.focus();
    await fireEvent.keyDown(grid, { key: 'ArrowRight' });
    expect(within(grid).getByRole('option', { selected: true })).toHaveAccessibleName('img-000002.jpg');
    expect(grid).toHaveAttribute('aria-activedescendant', 'cell-1');
    await fireEvent.keyDown(grid, { key: 'Enter' });

    const viewer = await screen.findByRole('dialog', { name: 'Photo viewer: img-000002.jpg' });
    expect(within(viewer).getByText('/photos/Shapes/img-000002.jpg')).toBeInTheDocument();
    expect(within(viewer).getByText('Canon EOS R6')).toBeInTheDocument();
    await waitFor(() => expect(within(viewer).getAllByRole('button', { name: /^Open img-/ }).length).toBeGreaterThan(0));
    expect(client.callsOf('search')).toContainEqual({ text: '', like: [2], limit: 12 });

    await fireEvent.keyDown(viewer, { key: 'ArrowRight' });
    await screen.findByRole('dialog', { name: 'Photo viewer: img-000003.jpg' });
    await fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: /Photo viewer/ })).not.toBeInTheDocument());
  });

  it('extends the selection with Shift-click and counts it', async () => {
    const client = MockLumenClient.withPhotos(12);
    renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 12 photos' });
    const grid = screen.getByRole('listbox');
    await waitFor(() => expect(within(grid).getAllByRole('option').length).toBeGreaterThan(1));
    const cells = within(grid).getAllByRole('option');
    await fireEvent.click(cells[0] as HTMLElement);
    await fireEvent.click(cells[2] as HTMLElement, { shiftKey: true });
    expect(within(grid).getAllByRole('option', { selected: true })).toHaveLength(3);
    expect(screen.getByText('3 selected')).toBeInTheDocument();
  });

  it('pauses and stops indexing from the progress bar', async () => {
    const client = new MockLumenClient();
    const app = renderApp(client);
    await app.addFolder('/photos/Big');
    await fireEvent.click(await screen.findByRole('button', { name: 'Pause indexing' }));
    expect(client.callsOf('controlIndexing')).toEqual(['pause']);
    await fireEvent.click(await screen.findByRole('button', { name: 'Resume indexing' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Stop indexing' }));
    expect(client.callsOf('controlIndexing')).toEqual(['pause', 'resume', 'cancel']);
  });

  it('lists unreadable files and switches theme from settings', async () => {
    const client = MockLumenClient.withPhotos(3);
    renderApp(client);
    await fireEvent.click(await screen.findByRole('button', { name: /Unreadable files/ }));
    expect(await screen.findByRole('cell', { name: /broken\.jpg/ })).toBeInTheDocument();
    expect(screen.getByText('file is truncated or damaged')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Try these files again' }));
    expect(client.callsOf('retryFailedFiles')).toHaveLength(1);

    await fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    expect(await screen.findByText('shapes-lit', { selector: 'dd' })).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('radio', { name: 'Dark' }));
    expect(document.documentElement.dataset['theme']).toBe('dark');
    expect(localStorage.getItem('lumen.theme')).toBe('dark');

    // Whole photos by default, so nothing that matched is cropped out of view; square crops on request.
    await fireEvent.click(screen.getByRole('button', { name: /All photos/ }));
    const firstThumbnail = async () => (await screen.findAllByRole('option'))[0]?.querySelector('img') as HTMLImageElement;
    expect((await firstThumbnail()).style.objectFit).toBe('contain');
    await fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    await fireEvent.click(await screen.findByRole('radio', { name: 'Square crop' }));
    expect(localStorage.getItem('lumen.thumbnailFit')).toBe('cover');
    await fireEvent.click(screen.getByRole('button', { name: /All photos/ }));
    expect((await firstThumbnail()).style.objectFit).toBe('cover');
  });

  it('adds dropped folders where the shell knows their paths, and says why not in a browser', async () => {
    const client = MockLumenClient.withPhotos(3);
    renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 3 photos' });
    const shell = document.querySelector('.shell') as HTMLElement;
    const dataTransfer = { types: ['Files'], files: [new File(['x'], 'Holidays')] };
    await fireEvent.dragEnter(shell, { dataTransfer });
    expect(await screen.findByText('Add a category set to classify dropped photos; add folders with the + beside Folders.')).toBeInTheDocument();
    await fireEvent.drop(shell, { dataTransfer });
    expect(await screen.findByRole('status')).toHaveTextContent('A browser cannot tell where dropped files live');
    expect(client.callsOf('addFolder')).toEqual([]);

    client.pathForFile = () => '/photos/Holidays';
    await fireEvent.drop(shell, { dataTransfer });
    await waitFor(() => expect(client.callsOf('addFolder')).toEqual(['/photos/Holidays']));
  });

  it('carries out app menu commands', async () => {
    const client = MockLumenClient.withPhotos(3);
    renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 3 photos' });
    client.sendMenuCommand('settings');
    expect(await screen.findByRole('heading', { name: 'Settings', level: 1 })).toBeInTheDocument();
  });
});
