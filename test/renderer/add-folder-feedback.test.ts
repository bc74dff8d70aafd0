/** Adding a folder the library already has, one inside it, and looking at a folder without photos. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

async function addThroughDialog(path: string): Promise<void> {
  await fireEvent.click((await screen.findAllByRole('button', { name: 'Add a folder' }))[0] as HTMLElement);
  await fireEvent.input(await screen.findByLabelText('Folder path on this computer'), { target: { value: path } });
  await fireEvent.click(screen.getByRole('button', { name: 'Add and index' }));
}

function renderApp(client: MockLumenClient): AppState {
  const app = new AppState(client);
  render(App, { props: { app } });
  return app;
}

describe('adding a folder', () => {
  it('a folder inside a library folder: says which one holds it and shows its photos, adding nothing', async () => {
    const client = MockLumenClient.withPhotos(4, '/photos/Shapes');
    const app = renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 4 photos' });
    await addThroughDialog('/photos/Shapes/Rome');
    await screen.findByRole('heading', { name: 'Shapes · 4 photos' });
    expect(app.notice).toEqual({ text: '/photos/Shapes/Rome is already in the library, inside /photos/Shapes: here are its photos.', tone: 'info' });
    expect(client.callsOf('addFolder')).toEqual([]);
    expect(within(screen.getByRole('navigation', { name: 'Library' })).getAllByRole('button', { name: /^Shapes/ })).toHaveLength(1);
  });

  it('the same folder again: says it is already there and looks through it again', async () => {
    const client = MockLumenClient.withPhotos(4, '/photos/Shapes');
    const app = renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 4 photos' });
    await addThroughDialog('/photos/Shapes/');
    await screen.findByRole('heading', { name: 'Shapes · 4 photos' });
    expect(app.notice?.text).toBe('Shapes is already in the library; Lumen is looking through it again for new photos.');
    expect(client.callsOf('addFolder')).toEqual(['/photos/Shapes']);
  });

  it('a folder without photos says so instead of showing an empty grid', async () => {
    const client = MockLumenClient.withPhotos(4, '/photos/Shapes');
    client.folders.push('/photos/Empty');
    renderApp(client);
    const sidebar = await screen.findByRole('navigation', { name: 'Library' });
    await fireEvent.click(await within(sidebar).findByRole('button', { name: /^Empty/ }));
    await screen.findByRole('heading', { name: 'Empty · 0 photos' });
    await waitFor(() => expect(screen.getByText('Empty has no photos: Lumen found no photos or videos it can read in it.')).toBeInTheDocument());
  });
});
