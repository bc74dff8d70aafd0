/**
 * The window learns of progress from the services' events, never by polling: while a folder is indexed
 * and Settings is open it makes no calls however much time passes; an event
 * alone moves the bars. When the connection is lost it says so, and on coming back it reads its
 * state again by itself.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

afterEach(() => {
  vi.useRealTimers();
});

function renderApp(client: MockLumenClient): AppState {
  const app = new AppState(client);
  render(App, { props: { app } });
  return app;
}

describe('events instead of polls', () => {
  it('makes no calls while a folder is being indexed and Settings is open', async () => {
    const client = MockLumenClient.withPhotos(6);
    renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 6 photos' });
    await client.addFolder('/photos/More');
    await screen.findByRole('region', { name: 'Indexing progress' });
    await fireEvent.click(screen.getByRole('button', { name: /Settings/ }));
    await screen.findByRole('button', { name: 'Use shapes-big' });

    vi.useFakeTimers();
    const before = client.calls.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(client.calls.slice(before)).toEqual([]);
    vi.useRealTimers();

    // One event and the bar is gone, without a call to getIndexing.
    const reads = client.callsOf('getIndexing').length;
    client.finishIndexing();
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Indexing progress' })).not.toBeInTheDocument());
    expect(client.callsOf('getIndexing')).toHaveLength(reads);
  });

  it('says when the server cannot be reached, and reads its state again once it is back', async () => {
    const client = MockLumenClient.withPhotos(4);
    renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 4 photos' });
    expect(screen.queryByRole('alert', { name: 'Connection to Lumen' })).not.toBeInTheDocument();

    client.setConnection('offline');
    expect(await screen.findByRole('alert', { name: 'Connection to Lumen' })).toHaveTextContent('reconnects by itself');
    // Meanwhile photos were indexed that no event told the window about.
    const reads = client.callsOf('getIndexing').length;
    client.photos.push(...MockLumenClient.withPhotos(6).photos.slice(4));
    client.setConnection('online');
    await waitFor(() => expect(screen.queryByRole('alert', { name: 'Connection to Lumen' })).not.toBeInTheDocument());
    expect(client.callsOf('getIndexing').length).toBeGreaterThan(reads);
    await screen.findByRole('heading', { name: 'All photos · 6 photos' });
  });

  it('asks for the new address when the server came back with another token', async () => {
    const client = MockLumenClient.withPhotos(2);
    renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 2 photos' });
    client.setConnection('new-address');
    const alert = await screen.findByRole('alert', { name: 'Connection to Lumen' });
    expect(alert).toHaveTextContent('restarted with a new address');
    expect(within(alert).getByText('lumen serve')).toBeInTheDocument();
  });
});
