/**
 * The viewer's own tools against the one API mock: favourite, stars and a display rotation kept in
 * the library (and there when the photo is opened again), zoom from the keyboard and the buttons,
 * a slideshow that steps by itself and stops at the end, and "show in folder" in a browser.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

async function openViewer(client: MockLumenClient, index = 0): Promise<HTMLElement> {
  const app = new AppState(client);
  render(App, { props: { app } });
  await screen.findByRole('heading', { name: `All photos · ${client.photos.length} photos` });
  const grid = screen.getByRole('listbox');
  await waitFor(() => expect(within(grid).getAllByRole('option').length).toBeGreaterThan(index));
  app.viewer.show(index);
  return screen.findByRole('dialog', { name: /^Photo viewer: img-/ });
}

afterEach(() => vi.useRealTimers());

describe('the viewer’s tools', () => {
  it('marks a favourite and stars from the buttons and the keys, kept in the library', async () => {
    const client = MockLumenClient.withPhotos(3);
    const viewer = await openViewer(client);
    const favourite = within(viewer).getByRole('button', { name: 'Favourite' });
    expect(favourite).toHaveAttribute('aria-pressed', 'false');
    await fireEvent.click(favourite);
    await waitFor(() => expect(favourite).toHaveAttribute('aria-pressed', 'true'));
    expect(client.callsOf('setPhotoMarks')).toEqual([{ photos: [1], favourite: true }]);

    await fireEvent.keyDown(viewer, { key: '4' });
    await waitFor(() => expect(within(viewer).getByRole('button', { name: '4 stars' })).toHaveAttribute('aria-pressed', 'true'));
    expect(client.marks.get(1)).toEqual({ favourite: true, rating: 4, rotation: 0 });
    // The same number again takes the rating away.
    await fireEvent.keyDown(viewer, { key: '4' });
    await waitFor(() => expect(client.marks.get(1)?.rating).toBe(0));
    await fireEvent.keyDown(viewer, { key: '2' });
    await fireEvent.keyDown(viewer, { key: '.' });
    await waitFor(() => expect(client.marks.get(1)).toEqual({ favourite: false, rating: 2, rotation: 0 }));
  });

  it('turns the photo for display a quarter at a time, and shows it turned when opened again', async () => {
    const client = MockLumenClient.withPhotos(3);
    const viewer = await openViewer(client);
    const photo = (): HTMLElement => within(screen.getByRole('dialog')).getByRole('img', { name: /^img-/ });
    await fireEvent.click(within(viewer).getByRole('button', { name: 'Rotate' }));
    await waitFor(() => expect(photo().style.transform).toContain('rotate(90deg)'));
    await fireEvent.keyDown(viewer, { key: 'R' });
    await fireEvent.keyDown(viewer, { key: 'R' });
    await waitFor(() => expect(client.marks.get(1)?.rotation).toBe(270));
    await fireEvent.keyDown(viewer, { key: 'ArrowRight' });
    await screen.findByRole('dialog', { name: 'Photo viewer: img-000002.jpg' });
    await waitFor(() => expect(photo().style.transform).toContain('rotate(0deg)'));
    await fireEvent.keyDown(screen.getByRole('dialog'), { key: 'ArrowLeft' });
    await screen.findByRole('dialog', { name: 'Photo viewer: img-000001.jpg' });
    await waitFor(() => expect(photo().style.transform).toContain('rotate(270deg)'));
  });

  it('zooms in and out with + − 0 and the buttons, fitted again for the next photo', async () => {
    const client = MockLumenClient.withPhotos(3);
    const viewer = await openViewer(client);
    const level = within(viewer).getByRole('status', { name: 'Zoom level' });
    expect(level).toHaveTextContent('100%');
    await fireEvent.keyDown(viewer, { key: '+' });
    await fireEvent.keyDown(viewer, { key: '+' });
    expect(level).toHaveTextContent('156%');
    await fireEvent.keyDown(viewer, { key: '-' });
    expect(level).toHaveTextContent('125%');
    await fireEvent.keyDown(viewer, { key: '0' });
    expect(level).toHaveTextContent('100%');
    await fireEvent.click(within(viewer).getByRole('button', { name: 'Zoom in' }));
    expect(level).toHaveTextContent('125%');
    await fireEvent.keyDown(viewer, { key: 'ArrowRight' });
    await screen.findByRole('dialog', { name: 'Photo viewer: img-000002.jpg' });
    expect(within(screen.getByRole('dialog')).getByRole('status', { name: 'Zoom level' })).toHaveTextContent('100%');
    // Zooming never goes below fitted.
    await fireEvent.keyDown(screen.getByRole('dialog'), { key: '-' });
    expect(within(screen.getByRole('dialog')).getByRole('status', { name: 'Zoom level' })).toHaveTextContent('100%');
  });

  it('plays a slideshow that steps by itself and stops at the last photo', async () => {
    const client = MockLumenClient.withPhotos(3);
    const viewer = await openViewer(client, 1);
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const slideshow = within(viewer).getByRole('button', { name: 'Slideshow' });
    await fireEvent.click(slideshow);
    expect(slideshow).toHaveAttribute('aria-pressed', 'true');
    await vi.advanceTimersByTimeAsync(4000);
    await screen.findByRole('dialog', { name: 'Photo viewer: img-000003.jpg' });
    await vi.advanceTimersByTimeAsync(4000);
    await waitFor(() => expect(within(screen.getByRole('dialog')).getByRole('button', { name: 'Slideshow' })).toHaveAttribute('aria-pressed', 'false'));
    expect(screen.getByRole('dialog', { name: 'Photo viewer: img-000003.jpg' })).toBeInTheDocument();
  });

  it('shows the folder’s path to copy in a browser, which cannot open a file manager', async () => {
    const client = MockLumenClient.withPhotos(2);
    const viewer = await openViewer(client);
    await fireEvent.click(within(viewer).getByRole('button', { name: 'Show in folder' }));
    expect(within(viewer).getByText(/^A browser cannot open folders/)).toHaveTextContent(
      'A browser cannot open folders on this computer. The photo is in /photos/Shapes/',
    );
    expect(within(viewer).getByRole('button', { name: 'Copy path' })).toBeInTheDocument();
  });

  it('lets the grid show only favourites, or photos with enough stars', async () => {
    const client = MockLumenClient.withPhotos(5);
    client.marks.set(2, { favourite: true, rating: 3, rotation: 0 });
    client.marks.set(4, { favourite: false, rating: 5, rotation: 0 });
    client.marks.set(5, { favourite: true, rating: 1, rotation: 0 });
    const app = new AppState(client);
    render(App, { props: { app } });
    await screen.findByRole('heading', { name: 'All photos · 5 photos' });
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Favourites only' }));
    await screen.findByRole('heading', { name: 'Favourites · 2 photos' });
    expect(client.callsOf('listPhotos').at(-1)).toEqual({ offset: 0, limit: 300, favourites: true });
    expect([app.browse.item(0)?.id, app.browse.item(1)?.id]).toEqual([2, 5]);
    await fireEvent.click(screen.getByRole('radio', { name: '3 stars or more' }));
    await screen.findByRole('heading', { name: 'Favourites · 1 photo' });
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Favourites only' }));
    await screen.findByRole('heading', { name: 'All photos · 2 photos' });
    expect(client.callsOf('listPhotos').at(-1)).toEqual({ offset: 0, limit: 300, minRating: 3 });
    await fireEvent.click(screen.getByRole('radio', { name: 'Any rating' }));
    await screen.findByRole('heading', { name: 'All photos · 5 photos' });
  });

  it('shows the photo’s tags beside it: adds one by name (a new name becomes a tag), takes one off', async () => {
    const client = MockLumenClient.withPhotos(3);
    await client.addTag({ name: 'stars' });
    await client.tagPhotos({ tag: 'stars', photos: [1] });
    const viewer = await openViewer(client);
    const tags = within(viewer).getByRole('region', { name: 'Tags of this photo' });
    await waitFor(() =>
      expect(
        within(tags)
          .getAllByRole('listitem')
          .map((li) => li.textContent?.replace('×', '').trim()),
      ).toEqual(['stars']),
    );

    const input = within(tags).getByRole('textbox', { name: 'Add a tag to this photo' });
    await fireEvent.input(input, { target: { value: 'Beach' } });
    await fireEvent.submit(input);
    await waitFor(() =>
      expect(
        within(tags)
          .getAllByRole('listitem')
          .map((li) => li.textContent?.replace('×', '').trim()),
      ).toEqual(['Beach', 'stars']),
    );
    expect(client.callsOf('addTag').at(-1)).toEqual({ name: 'Beach' });
    expect(client.callsOf('tagPhotos').at(-1)).toEqual({ tag: 'Beach', photos: [1] });
    await waitFor(() => expect(input).toHaveValue(''));

    await fireEvent.click(within(tags).getByRole('button', { name: 'Take the tag “stars” off this photo' }));
    await waitFor(() =>
      expect(
        within(tags)
          .getAllByRole('listitem')
          .map((li) => li.textContent?.replace('×', '').trim()),
      ).toEqual(['Beach']),
    );
    expect(client.callsOf('decideSuggestions').at(-1)).toEqual({ tag: 'stars', decision: 'reject', photos: [1] });
  });
});
