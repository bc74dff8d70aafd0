/**
 * Editing a tag's words and a category from the sidebar, deleting a category with undo, browsing a
 * category's photos (by the address too), and filing selected photos into a category by hand.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { parseRoute } from '../../src-renderer/src/lib/route';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

function renderApp(client: MockLumenClient): AppState {
  const app = new AppState(client);
  render(App, { props: { app } });
  return app;
}

async function withShapeCategories(client: MockLumenClient): Promise<void> {
  for (const name of ['circle', 'star']) await client.addCategory({ set: 'shapes', name });
}

const categoriesOf = (set: string) => screen.getByRole('list', { name: `Categories of ${set}` });

describe("a tag's words", () => {
  it('are edited in a dialog opened from the tag, and saved as the whole new list', async () => {
    const client = MockLumenClient.withPhotos(2);
    await client.addTag({ name: 'beach', descriptions: ['sand'] });
    renderApp(client);
    await fireEvent.click(await screen.findByRole('button', { name: 'Edit what the tag beach means' }));
    const dialog = await screen.findByRole('dialog', { name: 'What “beach” means' });
    const words = within(dialog).getByLabelText(/^Descriptions/);
    expect(words).toHaveValue('sand');
    await fireEvent.input(words, { target: { value: 'sand and sea, a day at the seaside' } });
    await fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Suggest photos from the new words now' }));
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(client.callsOf('describeTag')).toEqual([{ name: 'beach', descriptions: ['sand and sea', 'a day at the seaside'] }]));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'What “beach” means' })).not.toBeInTheDocument());
    expect(screen.getByRole('status')).toHaveTextContent('Saved the words of “beach”; Auto-tag suggests photos from them at its next run.');
    expect(client.callsOf('startTagRun')).toEqual([]);
  });

  it('by default start an Auto-tag run of the tag, so its suggestions come from the new words at once', async () => {
    const client = MockLumenClient.withPhotos(4);
    await client.addTag({ name: 'stars' });
    renderApp(client);
    await fireEvent.click(await screen.findByRole('button', { name: 'Edit what the tag stars means' }));
    const dialog = await screen.findByRole('dialog', { name: 'What “stars” means' });
    await fireEvent.input(within(dialog).getByLabelText(/^Descriptions/), { target: { value: 'blue star' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(client.callsOf('startTagRun')).toEqual([{ tags: ['stars'] }]));
    expect(await screen.findByText('Saved the words of “stars”; Auto-tag is suggesting photos from them now.')).toBeInTheDocument();
    client.finishTagRun();
    const tag = within(screen.getByRole('list', { name: 'Tags' })).getByRole('button', { name: /^stars/ });
    await waitFor(() => expect(tag).toHaveTextContent('1 new'));
  });
});

describe('a category in the sidebar', () => {
  it('is edited in a dialog: a refused name says why and keeps the dialog open; a saved one shows in the sidebar', async () => {
    const client = MockLumenClient.withPhotos(2);
    await withShapeCategories(client);
    renderApp(client);
    await fireEvent.click(await screen.findByRole('button', { name: 'Edit the category circle' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit the category circle' });
    await fireEvent.input(within(dialog).getByLabelText('Name'), { target: { value: 'star' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('category set "shapes" already has a category named "star"');

    await fireEvent.input(within(dialog).getByLabelText('Name'), { target: { value: 'ring' } });
    await fireEvent.input(within(dialog).getByLabelText(/^Descriptions/), { target: { value: 'a round shape' } });
    await fireEvent.input(within(dialog).getByLabelText(/^Folder to file into/), { target: { value: '/sorted/rings' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(client.callsOf('editCategory').at(-1)).toEqual({
        set: 'shapes',
        name: 'circle',
        newName: 'ring',
        descriptions: ['a round shape'],
        folder: '/sorted/rings',
      }),
    );
    expect(await within(categoriesOf('shapes')).findByRole('button', { name: /^ring/ })).toBeInTheDocument();
    expect(screen.queryByRole('dialog', { name: /Edit the category/ })).not.toBeInTheDocument();
  });

  it('is deleted after the undo time; Undo brings it back without deleting it', async () => {
    const client = MockLumenClient.withPhotos(2);
    await withShapeCategories(client);
    renderApp(client);
    await fireEvent.click(await screen.findByRole('button', { name: 'Delete the category circle' }));
    await waitFor(() => expect(within(categoriesOf('shapes')).queryByRole('button', { name: /^circle/ })).not.toBeInTheDocument());
    const toast = screen.getByText(/^Deleted the category/).closest('.toast') as HTMLElement;
    expect(toast).toHaveTextContent('Deleted the category “circle”; its photos and folder stay.');
    await fireEvent.click(within(toast).getByRole('button', { name: 'Undo' }));
    expect(await within(categoriesOf('shapes')).findByRole('button', { name: /^circle/ })).toBeInTheDocument();
    expect(client.callsOf('deleteCategory')).toEqual([]);

    await fireEvent.click(screen.getByRole('button', { name: 'Delete the category circle' }));
    await fireEvent.click(within(screen.getByText(/^Deleted the category/).closest('.toast') as HTMLElement).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(client.callsOf('deleteCategory')).toEqual([{ set: 'shapes', name: 'circle' }]));
  });
});

describe('filing by hand and browsing a category', () => {
  it('files the selected photos into the category picked, lists them under it with the count and the address, and Undo takes them back', async () => {
    const client = MockLumenClient.withPhotos(4);
    await withShapeCategories(client);
    renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 4 photos' });
    const grid = screen.getByRole('listbox');
    await waitFor(() => expect(within(grid).getAllByRole('option').length).toBeGreaterThan(2));
    await fireEvent.click(grid.querySelector('#cell-0') as HTMLElement);
    await fireEvent.click(grid.querySelector('#cell-2') as HTMLElement, { ctrlKey: true });
    const bar = screen.getByRole('group', { name: 'Selected photos' });
    await fireEvent.change(within(bar).getByLabelText('Category to file the selected photos into'), { target: { value: JSON.stringify(['shapes', 'star']) } });
    await fireEvent.click(within(bar).getByRole('button', { name: 'File into' }));
    await waitFor(() =>
      expect(client.callsOf('fileIntoCategory')).toEqual([
        { set: 'shapes', category: 'star', files: ['/photos/Shapes/img-000001.jpg', '/photos/Shapes/img-000003.jpg'], action: 'copy' },
      ]),
    );
    const results = await screen.findByRole('region', { name: 'Filed into “star”' });
    expect(await within(results).findAllByText(/Copied to star\//)).toHaveLength(2);
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Copied 2 photos into “star”.'));

    const star = within(categoriesOf('shapes')).getByRole('button', { name: /^star/ });
    await waitFor(() => expect(star).toHaveTextContent('2'));
    await fireEvent.click(star);
    await screen.findByRole('heading', { name: 'Filed in “star” (shapes) · 2 photos' });
    expect(star).toHaveAttribute('aria-current', 'page');
    expect(client.callsOf('listPhotos').at(-1)).toEqual({ offset: 0, limit: 300, category: { set: 'shapes', name: 'star' } });
    expect(parseRoute(location.hash).category).toEqual({ set: 'shapes', name: 'star' });

    await fireEvent.click(within(results).getByRole('button', { name: 'Undo the copy' }));
    await waitFor(() => expect(client.callsOf('undoHistoryEntry')).toHaveLength(1));
    expect(client.callsOf('undoLast')).toEqual([]);
  });

  it('files the photo open in the viewer into a category picked there, and says so in the viewer', async () => {
    const client = MockLumenClient.withPhotos(3);
    await withShapeCategories(client);
    const app = renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 3 photos' });
    await waitFor(() => expect(app.source.item(1)).toBeDefined());
    app.viewer.show(1);
    const viewer = await screen.findByRole('dialog', { name: /^Photo viewer: img-/ });
    const filing = await within(viewer).findByRole('region', { name: 'File this photo into a category' });
    await fireEvent.change(within(filing).getByLabelText('Category to file this photo into'), { target: { value: JSON.stringify(['shapes', 'circle']) } });
    await fireEvent.click(within(filing).getByRole('button', { name: 'File into' }));
    await waitFor(() =>
      expect(client.callsOf('fileIntoCategory')).toEqual([{ set: 'shapes', category: 'circle', files: [app.source.item(1)?.path], action: 'copy' }]),
    );
    expect(await within(filing).findByRole('status')).toHaveTextContent('Copied 1 photo into “circle”.');
  });

  it('leaves the category when a place is opened, and the place when a category is', async () => {
    const client = MockLumenClient.withPhotos(3);
    await withShapeCategories(client);
    const app = renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 3 photos' });
    app.showCategory('shapes', 'circle');
    await waitFor(() => expect(client.callsOf('listPhotos').at(-1)).toEqual({ offset: 0, limit: 300, category: { set: 'shapes', name: 'circle' } }));
    app.showWhere('Lisbon', null);
    await waitFor(() => expect(client.callsOf('listPhotos').at(-1)).toEqual({ offset: 0, limit: 300, place: 'Lisbon' }));
    app.showCategory('shapes', 'star');
    await waitFor(() => expect(client.callsOf('listPhotos').at(-1)).toEqual({ offset: 0, limit: 300, category: { set: 'shapes', name: 'star' } }));
  });

  it('opens a category named by the address', async () => {
    const client = MockLumenClient.withPhotos(3);
    await withShapeCategories(client);
    await client.fileIntoCategory({ set: 'shapes', category: 'circle', files: ['/photos/Shapes/img-000002.jpg'], action: 'move' });
    history.replaceState(null, '', '#/photos?set=shapes&category=circle');
    renderApp(client);
    await screen.findByRole('heading', { name: 'Filed in “circle” (shapes) · 1 photo' });
    history.replaceState(null, '', '#/photos');
  });
});
