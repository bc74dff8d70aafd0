/**
 * The grid shows what a person marked in the viewer: a heart for a favourite and the stars, on the
 * thumbnail and in the cell's name for screen readers; a change in the viewer shows in the grid at
 * once; and "Favourites" in the sidebar lists only them.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

async function renderGrid(client: MockLumenClient): Promise<{ app: AppState; grid: HTMLElement }> {
  const app = new AppState(client);
  render(App, { props: { app } });
  await screen.findByRole('heading', { name: `All photos · ${client.photos.length} photos` });
  const grid = screen.getByRole('listbox');
  await waitFor(() => expect(within(grid).getAllByRole('option').length).toBeGreaterThanOrEqual(Math.min(3, client.photos.length)));
  return { app, grid };
}

describe('marks in the grid', () => {
  it('shows a favourite’s heart and the stars on the thumbnail, and says them to screen readers', async () => {
    const client = MockLumenClient.withPhotos(3);
    client.marks.set(2, { favourite: true, rating: 3, rotation: 0 });
    client.marks.set(3, { favourite: false, rating: 1, rotation: 0 });
    const { grid } = await renderGrid(client);
    const [first, second, third] = within(grid).getAllByRole('option');
    await waitFor(() => expect(second).toHaveAccessibleName('img-000002.jpg, favourite, 3 stars'));
    expect(third).toHaveAccessibleName('img-000003.jpg, 1 star');
    expect(first).toHaveAccessibleName('img-000001.jpg');
    expect(second?.querySelector('.marks')).toHaveTextContent('♥ ★3');
    expect(first?.querySelector('.marks')).toBeNull();
    // One call for the photos on screen, not one per photo.
    expect(client.callsOf('getPhotoMarks')).toEqual([[1, 2, 3]]);
  });

  it('shows a change made in the viewer in the grid', async () => {
    const client = MockLumenClient.withPhotos(2);
    const { app, grid } = await renderGrid(client);
    app.viewer.show(0);
    const viewer = await screen.findByRole('dialog', { name: /^Photo viewer: img-/ });
    await fireEvent.click(within(viewer).getByRole('button', { name: 'Favourite' }));
    await fireEvent.click(within(viewer).getByRole('button', { name: '5 stars' }));
    await waitFor(() => expect(client.marks.get(1)).toEqual({ favourite: true, rating: 5, rotation: 0 }));
    await waitFor(() => expect(within(grid).getAllByRole('option', { hidden: true })[0]).toHaveAccessibleName('img-000001.jpg, favourite, 5 stars'));
  });

  it('lists only favourites from the sidebar, and all photos again from All photos', async () => {
    const client = MockLumenClient.withPhotos(4);
    client.marks.set(3, { favourite: true, rating: 0, rotation: 0 });
    await renderGrid(client);
    const sidebar = screen.getByRole('navigation', { name: 'Library' });
    await fireEvent.click(within(sidebar).getByRole('button', { name: 'Favourites' }));
    // The heading names the view, as the sidebar does.
    await screen.findByRole('heading', { name: 'Favourites · 1 photo' });
    expect(within(sidebar).getByRole('button', { name: 'Favourites' })).toHaveAttribute('aria-current', 'page');
    await fireEvent.click(within(sidebar).getByRole('button', { name: /^All photos/ }));
    await screen.findByRole('heading', { name: 'All photos · 4 photos' });
    expect(within(sidebar).getByRole('button', { name: 'Favourites' })).not.toHaveAttribute('aria-current');
  });
});
