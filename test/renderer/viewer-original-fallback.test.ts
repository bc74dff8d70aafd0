/**
 * Originals the window's browser cannot draw (HEIC, camera RAW, TIFF, JPEG XL): the viewer shows a large
 * preview Lumen decodes instead, and says so; the thumbnail only when no preview can be made.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

describe('the viewer', () => {
  it('falls back to a decoded preview when the original does not load, to the thumbnail when that fails too, and tries the original again for the next photo', async () => {
    const client = MockLumenClient.withPhotos(4);
    render(App, { props: { app: new AppState(client) } });
    await screen.findByRole('heading', { name: 'All photos · 4 photos' });
    const grid = screen.getByRole('listbox');
    await waitFor(() => expect(within(grid).getAllByRole('option').length).toBeGreaterThan(1));
    grid.focus();
    await fireEvent.keyDown(grid, { key: 'Enter' });
    const viewer = await screen.findByRole('dialog', { name: 'Photo viewer: img-000001.jpg' });

    const photo = within(viewer).getByRole('img', { name: 'img-000001.jpg' });
    expect(photo).toHaveAttribute('src', '/media/photo/1');
    await fireEvent.error(photo);
    const preview = within(viewer).getByRole('img', { name: 'img-000001.jpg' });
    expect(preview).toHaveAttribute('src', '/media/preview/1');
    expect(within(viewer).getByText("Showing a copy Lumen made: the window cannot display this file's format.")).toBeInTheDocument();
    await fireEvent.error(preview);
    expect(within(viewer).getByRole('img', { name: 'img-000001.jpg' })).toHaveAttribute('src', '/media/thumbnail/1');
    expect(within(viewer).getByText(/cannot display this file's original/)).toBeInTheDocument();

    await fireEvent.keyDown(viewer, { key: 'ArrowRight' });
    const next = await screen.findByRole('dialog', { name: 'Photo viewer: img-000002.jpg' });
    expect(within(next).getByRole('img', { name: 'img-000002.jpg' })).toHaveAttribute('src', '/media/photo/2');
    expect(within(next).queryByText(/cannot display this file's/)).not.toBeInTheDocument();
  });
});
