/**
 * While `lumen serve` cannot be reached every call fails; the window says it is offline, opens no
 * empty viewer, and when the server is back it fills in what failed (grid pages, thumbnails) and
 * drops the errors of the offline time, by itself.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { PAGE_SIZE } from '../../src-renderer/src/state/browse-state.svelte';
import { MockLumenClient } from './mock-client';

function renderApp(client: MockLumenClient): AppState {
  const app = new AppState(client);
  render(App, { props: { app } });
  return app;
}

describe('the server going away and coming back', () => {
  it('grid pages asked for while offline are loaded once it is back', async () => {
    const client = MockLumenClient.withPhotos(PAGE_SIZE * 3);
    // The window's state without its grid: jsdom lays nothing out, so the test asks for the cells a scrolled grid would.
    const app = new AppState(client);
    await app.start();
    client.goOffline();
    expect(app.connection).toBe('offline');
    app.browse.ensure(PAGE_SIZE * 2, PAGE_SIZE * 2 + 40);
    await waitFor(() => expect(client.callsOf('listPhotos').at(-1)).toMatchObject({ offset: PAGE_SIZE * 2 }));
    expect(app.browse.item(PAGE_SIZE * 2)).toBeUndefined();

    client.comeBack();
    await waitFor(() => expect(app.browse.item(PAGE_SIZE * 2)?.id).toBe(PAGE_SIZE * 2 + 1));
    app.stop();
  });

  it('opens no viewer for a photo that never loaded', async () => {
    const client = MockLumenClient.withPhotos(PAGE_SIZE * 2);
    const app = renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 600 photos' });
    client.goOffline();
    app.viewer.show(PAGE_SIZE + 5);
    await Promise.resolve();
    expect(app.viewer.open).toBe(false);
    expect(screen.queryByRole('dialog', { name: /Photo viewer/ })).not.toBeInTheDocument();
  });

  it('drops an error of the offline time once the server is back', async () => {
    const client = MockLumenClient.withPhotos(4);
    const app = renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 4 photos' });
    client.goOffline();
    await app.reindexAll();
    expect(app.notice).toEqual({ text: "Lumen's server cannot be reached.", tone: 'error' });
    client.comeBack();
    await waitFor(() => expect(app.notice).toBeNull());
  });

  it('loads again the thumbnails that failed while offline', async () => {
    const client = MockLumenClient.withPhotos(4);
    renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 4 photos' });
    const image = () => document.querySelector('#cell-0 img') as HTMLImageElement;
    await waitFor(() => expect(image()).not.toBeNull());
    client.goOffline();
    await fireEvent.error(image());
    expect(image()).toHaveClass('missing');
    const before = image().getAttribute('src');
    client.comeBack();
    await waitFor(() => expect(image().getAttribute('src')).not.toBe(before));
    await fireEvent.load(image());
    expect(image()).not.toHaveClass('missing');
  });
});
