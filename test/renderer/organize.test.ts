/** Tags, auto-tag review, categories and drag and drop, against the one API mock. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { PHOTO_DRAG_TYPE } from '../../src-renderer/src/lib/photo-drag';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

function renderApp(client: MockLumenClient): AppState {
  const app = new AppState(client);
  render(App, { props: { app } });
  return app;
}

/** A DataTransfer stand-in: jsdom has none. */
function transfer(types: string[], data: Record<string, string> = {}, files: File[] = []) {
  return { types, files, getData: (type: string) => data[type] ?? '', setData: () => {}, dropEffect: 'none', effectAllowed: 'all' };
}

async function withShapeCategories(client: MockLumenClient): Promise<void> {
  for (const name of ['circle', 'star', 'square']) await client.addCategory({ set: 'shapes', name });
}

describe('auto-tag', () => {
  it('adds a tag with descriptions, runs over a folder with progress, and reviews suggestions one by one and all at once', async () => {
    const client = MockLumenClient.withPhotos(8, '/photos/Shapes');
    renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 8 photos' });
    await fireEvent.click(screen.getByRole('button', { name: /^Auto-tag/ }));
    const panel = await screen.findByRole('region', { name: 'Auto-tag' });

    await fireEvent.input(within(panel).getByLabelText('New tag'), { target: { value: 'stars' } });
    await fireEvent.input(within(panel).getByLabelText(/^Descriptions/), { target: { value: 'blue star, star shape' } });
    await fireEvent.click(within(panel).getByRole('button', { name: 'Add tag' }));
    await waitFor(() => expect(client.callsOf('addTag')).toEqual([{ name: 'stars', descriptions: ['blue star', 'star shape'] }]));
    // A new tag is chosen for the next run, and listed in the sidebar.
    expect(await within(panel).findByRole('button', { name: /^stars/, pressed: true })).toBeInTheDocument();
    expect(within(screen.getByRole('list', { name: 'Tags' })).getByRole('button', { name: /^stars/ })).toBeInTheDocument();

    await fireEvent.click(within(panel).getByRole('radio', { name: 'A folder' }));
    await fireEvent.change(within(panel).getByLabelText('Folder to tag'), { target: { value: '/photos/Shapes' } });
    await fireEvent.click(within(panel).getByRole('button', { name: 'Suggest photos' }));
    expect(client.callsOf('startTagRun')).toEqual([{ tags: ['stars'], folder: '/photos/Shapes' }]);
    expect(await within(panel).findByRole('progressbar', { name: 'Auto-tag progress' })).toHaveAttribute('aria-valuenow', '50');

    client.finishTagRun();
    const suggestions = await within(panel).findByRole('list', { name: 'Suggestions for stars' }, { timeout: 3000 });
    // Photos 2, 6 are blue stars (words cycle red circle, blue star, green square, pink triangle).
    expect(
      within(suggestions)
        .getAllByRole('img')
        .map((img) => img.getAttribute('alt')),
    ).toEqual(['img-000002.jpg', 'img-000006.jpg']);
    expect(within(suggestions).getAllByRole('listitem')[0]).toHaveTextContent('96%');

    await fireEvent.click(within(suggestions).getByRole('button', { name: 'Reject img-000006.jpg' }));
    await waitFor(() => expect(within(suggestions).queryByRole('button', { name: 'Reject img-000006.jpg' })).not.toBeInTheDocument());
    expect(client.callsOf('decideSuggestions')).toEqual([{ tag: 'stars', decision: 'reject', photos: [6] }]);
    await fireEvent.click(within(panel).getByRole('button', { name: 'Accept all 1' }));
    await waitFor(() => expect(client.callsOf('decideSuggestions').at(-1)).toEqual({ tag: 'stars', decision: 'accept' }));
    expect(await within(panel).findByText('No suggestions left for “stars”.')).toBeInTheDocument();

    // The tag in the sidebar now counts its photo and filters the grid to it.
    const tagButton = within(screen.getByRole('list', { name: 'Tags' })).getByRole('button', { name: /^stars/ });
    await waitFor(() => expect(tagButton).toHaveTextContent('1'));
    await fireEvent.click(tagButton);
    await screen.findByRole('heading', { name: 'Tagged “stars” · 1 photo' });
    expect(client.callsOf('listPhotos').at(-1)).toEqual({ offset: 0, limit: 300, tag: 'stars' });
    await fireEvent.input(screen.getByLabelText('Search photos by what is in them'), { target: { value: 'blue' } });
    await waitFor(() => expect(client.callsOf('search').at(-1)).toEqual({ text: 'blue', limit: 300, filters: { tags: ['stars'] } }));
  });

  it('says what is missing instead of starting a run without tags or selection', async () => {
    const client = MockLumenClient.withPhotos(4);
    await client.addTag({ name: 'red' });
    renderApp(client);
    await fireEvent.click(await screen.findByRole('button', { name: /^Auto-tag/ }));
    const panel = await screen.findByRole('region', { name: 'Auto-tag' });
    expect(within(panel).getByRole('button', { name: 'Suggest photos' })).toBeDisabled();
    expect(within(panel).getByRole('radio', { name: /^Selected photos/ })).toBeDisabled();
    await fireEvent.click(await within(panel).findByRole('button', { name: /^red/ }));
    await fireEvent.click(within(panel).getByRole('radio', { name: 'A folder' }));
    await fireEvent.click(within(panel).getByRole('button', { name: 'Suggest photos' }));
    expect(await within(panel).findByRole('alert')).toHaveTextContent('Choose a folder to tag.');
    expect(client.callsOf('startTagRun')).toEqual([]);
  });
});

describe('tags in the sidebar', () => {
  it('tags thumbnails dragged onto a tag, renames and deletes it', async () => {
    const client = MockLumenClient.withPhotos(6);
    await client.addTag({ name: 'red' });
    renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 6 photos' });
    const grid = screen.getByRole('listbox');
    await waitFor(() => expect(within(grid).getAllByRole('option').length).toBeGreaterThan(2));
    await fireEvent.click(grid.querySelector('#cell-0') as HTMLElement);
    await fireEvent.click(grid.querySelector('#cell-2') as HTMLElement, { ctrlKey: true });

    // Dragging a selected thumbnail carries the whole selection.
    const carried: Record<string, string> = {};
    const start = { types: [] as string[], setData: (type: string, value: string) => void (carried[type] = value), effectAllowed: 'all' };
    await fireEvent.dragStart(grid.querySelector('#cell-2') as HTMLElement, { dataTransfer: start });
    expect(JSON.parse(carried[PHOTO_DRAG_TYPE] ?? '[]')).toEqual([
      { id: 1, path: '/photos/Shapes/img-000001.jpg' },
      { id: 3, path: '/photos/Shapes/img-000003.jpg' },
    ]);
    const tagItem = within(screen.getByRole('list', { name: 'Tags' })).getByRole('listitem');
    await fireEvent.dragOver(tagItem, { dataTransfer: transfer([PHOTO_DRAG_TYPE], carried) });
    await fireEvent.drop(tagItem, { dataTransfer: transfer([PHOTO_DRAG_TYPE], carried) });
    await waitFor(() => expect(client.callsOf('tagPhotos')).toEqual([{ tag: 'red', photos: [1, 3] }]));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Tagged 2 photos “red”.'));

    // The keyboard's way: the selection bar.
    await fireEvent.click(within(screen.getByRole('group', { name: 'Selected photos' })).getByRole('button', { name: 'Tag' }));
    await waitFor(() => expect(client.callsOf('tagPhotos')).toHaveLength(2));

    await fireEvent.click(screen.getByRole('button', { name: 'Rename the tag red' }));
    const input = screen.getByLabelText('New name for the tag red');
    await fireEvent.input(input, { target: { value: 'crimson' } });
    await fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(client.callsOf('renameTag')).toEqual([{ from: 'red', to: 'crimson' }]));
    await fireEvent.click(await screen.findByRole('button', { name: 'Delete the tag crimson' }));
    // Deleting waits for the undo time; closing its toast deletes at once.
    await fireEvent.click(await screen.findByRole('button', { name: 'Close' }));
    await waitFor(() => expect(client.callsOf('deleteTag')).toEqual(['crimson']));
    expect(await screen.findByText('No tags yet. Add one, then let Auto-tag suggest photos.')).toBeInTheDocument();
  });
});

describe('categories and classifying', () => {
  it('adds categories with descriptions from the sidebar', async () => {
    const client = MockLumenClient.withPhotos(2);
    renderApp(client);
    await fireEvent.click(await screen.findByRole('button', { name: 'Add a category' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a category' });
    await fireEvent.input(within(dialog).getByLabelText('Category set'), { target: { value: 'Trips' } });
    await fireEvent.input(within(dialog).getByLabelText('Category name'), { target: { value: 'Beach' } });
    await fireEvent.input(within(dialog).getByLabelText(/^Descriptions/), { target: { value: 'sand and sea, shore' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Add category' }));
    await waitFor(() => expect(client.callsOf('addCategory')).toEqual([{ set: 'Trips', name: 'Beach', descriptions: ['sand and sea', 'shore'] }]));
    expect(await within(dialog).findByRole('status')).toHaveTextContent('Added “Beach” to Trips.');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    const sets = screen.getByRole('list', { name: 'Category sets' });
    expect(within(sets).getByRole('list', { name: 'Categories of Trips' })).toHaveTextContent('Beach');
  });

  it('classifies image files dropped on the window from their bytes in a browser, ranked, with "unsure"', async () => {
    const client = MockLumenClient.withPhotos(2);
    await withShapeCategories(client);
    renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 2 photos' });
    const shell = document.querySelector('.shell') as HTMLElement;
    const files = [new File(['a star on grey'], 'mystery.png', { type: 'image/png' }), new File(['nothing known'], 'fog.jpg', { type: 'image/jpeg' })];
    await fireEvent.dragEnter(shell, { dataTransfer: transfer(['Files'], {}, files) });
    // A browser never hands a page a folder, so it is not offered.
    expect(await screen.findByText('Drop photos to classify them into “shapes”.')).toBeInTheDocument();
    await fireEvent.drop(shell, { dataTransfer: transfer(['Files'], {}, files) });

    const results = await screen.findByRole('region', { name: 'Classified into “shapes”' });
    await waitFor(() => expect(client.callsOf('classifyImage')).toHaveLength(2));
    expect(client.callsOf('classifyImage')[0]).toEqual({ into: 'shapes', name: 'mystery.png', data: btoa('a star on grey') });
    const ranked = await within(results).findByRole('list', { name: 'Categories for mystery.png, most likely first' });
    expect(within(ranked).getAllByRole('listitem')[0]).toHaveTextContent(/^star\s*70%$/);
    await waitFor(() => expect(within(results).getByText('Unsure')).toBeInTheDocument());
    expect(client.callsOf('classifyFiles')).toEqual([]);
  });

  it('files photos dropped on a category set (copy by default) and undoes it', async () => {
    const client = MockLumenClient.withPhotos(2);
    await withShapeCategories(client);
    client.pathForFile = (file: File) => `/incoming/${file.name}`;
    renderApp(client);
    const set = await screen.findByRole('listitem', { name: 'Category set shapes' });
    const files = [new File(['x'], 'red-circle.jpg', { type: 'image/jpeg' })];
    await fireEvent.dragEnter(set, { dataTransfer: transfer(['Files'], {}, files) });
    expect(await within(set).findByText('Drop to classify and copy into category folders')).toBeInTheDocument();
    await fireEvent.drop(set, { dataTransfer: transfer(['Files'], {}, files) });
    await waitFor(() => expect(client.callsOf('classifyFiles')).toEqual([{ into: 'shapes', files: ['/incoming/red-circle.jpg'], action: 'copy' }]));
    const results = await screen.findByRole('region', { name: 'Classified into “shapes”' });
    expect(await within(results).findByText(/Copied to circle\//)).toBeInTheDocument();
    await fireEvent.click(within(results).getByRole('button', { name: 'Undo the copy' }));
    await waitFor(() => expect(client.callsOf('undoHistoryEntry')).toHaveLength(1));
    expect(client.callsOf('undoLast')).toEqual([]);
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Removed the copies of 1 photo.'));
    expect(within(results).queryByText(/Copied to/)).not.toBeInTheDocument();
  });

  it('files library thumbnails dragged onto a category set by their paths', async () => {
    const client = MockLumenClient.withPhotos(3);
    await withShapeCategories(client);
    renderApp(client);
    const set = await screen.findByRole('listitem', { name: 'Category set shapes' });
    const carried = { [PHOTO_DRAG_TYPE]: JSON.stringify([{ id: 2, path: '/photos/Shapes/img-000002.jpg' }]) };
    await fireEvent.drop(set, { dataTransfer: transfer([PHOTO_DRAG_TYPE], carried) });
    await waitFor(() => expect(client.callsOf('classifyFiles')).toEqual([{ into: 'shapes', files: ['/photos/Shapes/img-000002.jpg'], action: 'copy' }]));
    const results = await screen.findByRole('region', { name: 'Classified into “shapes”' });
    expect(results.querySelector('img')).toHaveAttribute('src', '/media/thumbnail/2');
    expect(await within(results).findByText(/Copied to star\//)).toBeInTheDocument();
  });
});
