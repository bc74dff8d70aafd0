/** A video found by search opens in the viewer as a playing video, starting at the moment that matched. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { SearchRequest, SearchResponse } from '../../src-common/contract';
import type { PhotoDetails } from '../../src-common/contract-app';
import type { Result } from '../../src-common/result';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

/** The mock library, with its best match for any search being a video whose 0:12 matched. */
class ClientWithVideo extends MockLumenClient {
  override async search(request: SearchRequest): Promise<Result<SearchResponse>> {
    const result = await super.search(request);
    if (!result.ok || request.like) return result;
    const [first, ...rest] = result.value.hits;
    if (!first) return result;
    return {
      ok: true,
      value: { ...result.value, hits: [{ ...first, path: '/photos/Shapes/VID_0001.mp4', video: { atMs: 12_000, durationMs: 30_000 } }, ...rest] },
    };
  }
}

describe('the viewer, for a video', () => {
  it('plays the video from the moment the search matched, and draws photos as before', async () => {
    const client = new ClientWithVideo();
    const library = MockLumenClient.withPhotos(4);
    client.folders.push(...library.folders);
    client.photos.push(...library.photos);
    render(App, { props: { app: new AppState(client) } });
    await screen.findByRole('heading', { name: 'All photos · 4 photos' });
    await fireEvent.input(screen.getByLabelText('Search photos by what is in them'), { target: { value: 'red' } });
    await screen.findByRole('heading', { name: /^“red” · \d+ results$/ });
    const grid = screen.getByRole('listbox');
    await waitFor(() => expect(within(grid).getAllByRole('option').length).toBeGreaterThan(1));
    // The grid marks the video hit with the moment that matched.
    expect(within(grid).getByTitle('Video: matched at 0:12')).toHaveTextContent('▶ 0:12');
    grid.focus();
    await fireEvent.keyDown(grid, { key: 'Enter' });
    // The mock's details name the photo behind the hit; the grid item (a video path) decides what is shown.
    const viewer = await screen.findByRole('dialog', { name: /^Photo viewer: / });
    const video = viewer.querySelector('video');
    expect(video?.getAttribute('src')).toMatch(/^\/media\/photo\/\d+#t=12\.0$/);
    expect(within(viewer).getByText('Playing from 0:12, the moment that matched the search.')).toBeInTheDocument();

    await fireEvent.keyDown(viewer, { key: 'ArrowRight' });
    await waitFor(() => expect(screen.getByRole('dialog', { name: /^Photo viewer: / }).querySelector('video')).toBeNull());
    const next = screen.getByRole('dialog', { name: /^Photo viewer: / });
    expect(within(next).getByRole('img')).toHaveAttribute('src', expect.stringMatching(/^\/media\/photo\/\d+$/) as string);
    expect(within(next).queryByText(/Playing from/)).not.toBeInTheDocument();
  });
});

/** The mock library, with its first photo a Live Photo that also has a RAW. */
class ClientWithPair extends MockLumenClient {
  override async getPhoto(photoId: number): Promise<Result<PhotoDetails>> {
    const result = await super.getPhoto(photoId);
    if (!result.ok || photoId !== 1) return result;
    return {
      ok: true,
      value: {
        ...result.value,
        parts: [
          { photoId: 90, path: '/photos/Shapes/img-000001.MOV', kind: 'live-video' },
          { photoId: 91, path: '/photos/Shapes/img-000001.DNG', kind: 'raw' },
        ],
      },
    };
  }
}

describe('the viewer, for a pair', () => {
  it('lists the files shown with the photo: its Live Photo video and its RAW', async () => {
    const client = new ClientWithPair();
    const library = MockLumenClient.withPhotos(2);
    client.folders.push(...library.folders);
    client.photos.push(...library.photos);
    render(App, { props: { app: new AppState(client) } });
    await screen.findByRole('heading', { name: 'All photos · 2 photos' });
    const grid = screen.getByRole('listbox');
    await waitFor(() => expect(within(grid).getAllByRole('option').length).toBeGreaterThan(1));
    grid.focus();
    await fireEvent.keyDown(grid, { key: 'Enter' });
    const viewer = await screen.findByRole('dialog', { name: 'Photo viewer: img-000001.jpg' });
    const parts = await within(viewer).findByRole('list', { name: 'Files shown with this photo' });
    expect(
      within(parts)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['img-000001.MOV · Live Photo video', 'img-000001.DNG · RAW']);
    expect(within(parts).getByRole('link', { name: 'img-000001.DNG' })).toHaveAttribute('href', '/media/photo/91');
  });
});
