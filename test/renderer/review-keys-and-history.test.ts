/**
 * The keyboard review of auto-tag suggestions (P accepts, X rejects, U clears, arrows move, focus
 * goes to the next undecided one, each decision announced), the shortcuts sheet (?), and undo
 * from the window: Ctrl+Z with its toast, and the History panel — none of these keys acting while
 * a person types in a text field.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

async function reviewingStars(): Promise<{ client: MockLumenClient; list: HTMLElement }> {
  // Photos 2, 6 and 10 are blue stars: three suggestions, most confident first.
  const client = MockLumenClient.withPhotos(12);
  await client.addTag({ name: 'stars', descriptions: ['blue star'] });
  await client.startTagRun({ tags: ['stars'] });
  client.finishTagRun();
  render(App, { props: { app: new AppState(client) } });
  await screen.findByRole('heading', { name: 'All photos · 12 photos' });
  await fireEvent.click(screen.getByRole('button', { name: /^Auto-tag/ }));
  const list = await screen.findByRole('list', { name: 'Suggestions for stars' });
  return { client, list };
}

const items = (list: HTMLElement) => within(list).getAllByRole('listitem');

describe('reviewing suggestions from the keyboard', () => {
  it('accepts with P and rejects with X, moving focus to the next undecided suggestion and announcing each decision', async () => {
    const { client, list } = await reviewingStars();
    const [first, second, third] = items(list) as [HTMLElement, HTMLElement, HTMLElement];
    expect(first).toHaveAttribute('tabindex', '0');
    expect(second).toHaveAttribute('tabindex', '-1');
    first.focus();

    await fireEvent.keyDown(first, { key: 'p' });
    await waitFor(() => expect(document.activeElement).toBe(second));
    expect(client.callsOf('decideSuggestions')).toEqual([{ tag: 'stars', decision: 'accept', photos: [2] }]);
    expect(first).toHaveAccessibleName('img-000002.jpg, 96%, accepted');
    expect(screen.getByText('Accepted “stars” for img-000002.jpg. 2 left.')).toHaveAttribute('aria-live', 'polite');

    await fireEvent.keyDown(second, { key: 'X' });
    await waitFor(() => expect(document.activeElement).toBe(third));
    expect(client.callsOf('decideSuggestions').at(-1)).toEqual({ tag: 'stars', decision: 'reject', photos: [6] });
    expect(within(second).getByText('Rejected')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Accept all 1' })).toBeInTheDocument();
  });

  it('moves with the arrows and clears a decision with U, making it a suggestion again', async () => {
    const { client, list } = await reviewingStars();
    const [first, second] = items(list) as [HTMLElement, HTMLElement];
    first.focus();
    await fireEvent.keyDown(first, { key: 'x' });
    await waitFor(() => expect(document.activeElement).toBe(second));
    await fireEvent.keyDown(second, { key: 'ArrowLeft' });
    await waitFor(() => expect(document.activeElement).toBe(first));
    expect(first).toHaveAttribute('tabindex', '0');

    await fireEvent.keyDown(first, { key: 'u' });
    await waitFor(() => expect(client.callsOf('decideSuggestions').at(-1)).toEqual({ tag: 'stars', decision: 'clear', photos: [2] }));
    expect(await screen.findByText('Cleared the decision on img-000002.jpg: it is a suggestion again.')).toBeInTheDocument();
    expect(within(first).getByRole('button', { name: 'Accept img-000002.jpg' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Accept all 3' })).toBeInTheDocument();
  });

  it('does nothing when P, X or U are typed into a text field', async () => {
    const { client } = await reviewingStars();
    const name = screen.getByLabelText('New tag');
    name.focus();
    for (const key of ['p', 'x', 'u', '?']) await fireEvent.keyDown(name, { key });
    expect(client.callsOf('decideSuggestions')).toEqual([]);
    expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).not.toBeInTheDocument();
  });
});

describe('the shortcuts sheet', () => {
  it('opens with ? or the header’s button and lists the shortcuts of the grid, viewer, review, search and undo', async () => {
    render(App, { props: { app: new AppState(MockLumenClient.withPhotos(3)) } });
    await screen.findByRole('heading', { name: 'All photos · 3 photos' });
    const search = screen.getByLabelText('Search photos by what is in them');
    await fireEvent.keyDown(search, { key: '?' });
    expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).not.toBeInTheDocument();

    await fireEvent.keyDown(document.body, { key: '?' });
    const sheet = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const group of ['Anywhere', 'Photo grid', 'Photo viewer', 'Reviewing suggestions (Auto-tag)', 'Search']) {
      expect(within(sheet).getByRole('heading', { name: group })).toBeInTheDocument();
    }
    expect(within(sheet).getByText('Undo the last change (a move or copy, a tag change, a folder added or removed, stars or a favourite)')).toBeInTheDocument();
    expect(within(sheet).getByText('Accept: the photo has the tag')).toBeInTheDocument();
    await fireEvent.click(within(sheet).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).not.toBeInTheDocument());

    await fireEvent.click(screen.getByRole('button', { name: 'Keyboard shortcuts' }));
    expect(await screen.findByRole('dialog', { name: 'Keyboard shortcuts' })).toBeInTheDocument();
  });
});

describe('undo from the window', () => {
  it('Ctrl+Z undoes the newest change and says what was undone; the History panel undoes the others and says why one cannot be', async () => {
    const client = MockLumenClient.withPhotos(3);
    client.recordHistory(
      'Added the folder /photos/Old to the library.',
      'Took /photos/Old out of the library again.',
      'folder-add',
      'the folder is no longer in the library',
    );
    client.recordHistory('Renamed the tag “sea” to “ocean”.', 'Renamed the tag “ocean” back to “sea”.', 'tag-rename');
    client.recordHistory('Moved 2 photos into "shapes" categories (first: img-000001.jpg)', 'Put 2 photos back where they were.');
    render(App, { props: { app: new AppState(client) } });
    await screen.findByRole('heading', { name: 'All photos · 3 photos' });

    // In the search field Ctrl+Z is the field's own text undo.
    await fireEvent.keyDown(screen.getByLabelText('Search photos by what is in them'), { key: 'z', ctrlKey: true });
    expect(client.callsOf('undoHistoryEntry')).toEqual([]);

    await fireEvent.keyDown(document.body, { key: 'z', ctrlKey: true });
    expect(await screen.findByText('Put 2 photos back where they were.')).toBeInTheDocument();
    expect(client.callsOf('undoHistoryEntry')).toEqual([{}]);

    await fireEvent.click(screen.getByRole('button', { name: 'History' }));
    const panel = await screen.findByRole('dialog', { name: 'History' });
    const entries = within(panel).getAllByRole('listitem');
    await waitFor(() => expect(entries[0]).toHaveTextContent('This change was undone.'));
    expect(within(entries[0] as HTMLElement).queryByRole('button', { name: /^Undo/ })).not.toBeInTheDocument();
    expect(entries[2]).toHaveTextContent('Can no longer be undone: the folder is no longer in the library.');
    expect(within(entries[2] as HTMLElement).queryByRole('button', { name: /^Undo/ })).not.toBeInTheDocument();

    const undo = within(entries[1] as HTMLElement).getByRole('button', { name: 'Undo: Renamed the tag “sea” to “ocean”.' });
    await waitFor(() => expect(undo).toBeEnabled());
    await fireEvent.click(undo);
    await waitFor(() => expect(client.callsOf('undoHistoryEntry').at(-1)).toEqual({ id: 2 }));
    await waitFor(() => expect(within(panel).getAllByRole('listitem')[1]).toHaveTextContent('This change was undone.'));

    // The newest change left cannot be undone: Ctrl+Z says why and stops there, reaching past it to nothing older.
    await fireEvent.click(within(panel).getByRole('button', { name: 'Close' }));
    await fireEvent.keyDown(document.body, { key: 'z', metaKey: true });
    expect(await screen.findByText(/can no longer be undone: the folder is no longer in the library/)).toBeInTheDocument();
    expect(client.callsOf('undoHistoryEntry').at(-1)).toEqual({});
  });
});
