/**
 * "Show in folder" per host: the desktop opens the file manager on the open photo (the window sends
 * its id, never a path) and says so in a sentence when the file is not where the library says; a
 * browser, which cannot open folders on the computer, offers the folder's path to copy instead.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

/** The desktop shell: its file manager opens on the photos listed in `present`. */
class DesktopClient extends MockLumenClient {
  readonly shown: number[] = [];
  present = new Set<number>([1, 2]);
  override shell: 'desktop' | 'browser' = 'desktop';
  readonly showInFolder = async (photoId: number): Promise<boolean> => {
    if (!this.present.has(photoId)) return false;
    this.shown.push(photoId);
    return true;
  };
}

function desktopWithPhotos(count: number): DesktopClient {
  const client = new DesktopClient();
  const library = MockLumenClient.withPhotos(count);
  client.folders.push(...library.folders);
  client.photos.push(...library.photos);
  return client;
}

async function openViewer(client: MockLumenClient, index: number): Promise<HTMLElement> {
  const app = new AppState(client);
  render(App, { props: { app } });
  await screen.findByRole('heading', { name: `All photos · ${client.photos.length} photos` });
  await waitFor(() => expect(within(screen.getByRole('listbox')).getAllByRole('option').length).toBeGreaterThan(index));
  app.viewer.show(index);
  return screen.findByRole('dialog', { name: `Photo viewer: img-00000${index + 1}.jpg` });
}

describe('show in folder', () => {
  it('opens the desktop’s file manager on the open photo, by its id', async () => {
    const client = desktopWithPhotos(3);
    const viewer = await openViewer(client, 1);
    await fireEvent.click(within(viewer).getByRole('button', { name: 'Show in folder' }));
    await waitFor(() => expect(client.shown).toEqual([2]));
    expect(within(viewer).queryByText(/A browser cannot open folders/)).not.toBeInTheDocument();
    expect(within(viewer).queryByRole('button', { name: 'Copy path' })).not.toBeInTheDocument();
  });

  it('says in a sentence when the photo’s file is not in its folder any more', async () => {
    const client = desktopWithPhotos(3);
    const viewer = await openViewer(client, 2);
    await fireEvent.click(within(viewer).getByRole('button', { name: 'Show in folder' }));
    expect((await within(viewer).findByText(/^Lumen could not find/)).closest('[role="status"]')).toHaveTextContent(
      'Lumen could not find /photos/Shapes/img-000003.jpg in its folder; it may have been moved or deleted.',
    );
    expect(client.shown).toEqual([]);
  });

  it('offers the folder’s path to copy in a browser', async () => {
    const client = MockLumenClient.withPhotos(2);
    expect('showInFolder' in client).toBe(false);
    const viewer = await openViewer(client, 0);
    await fireEvent.click(within(viewer).getByRole('button', { name: 'Show in folder' }));
    expect(within(viewer).getByRole('button', { name: 'Copy path' })).toBeInTheDocument();
  });
});

describe('a photo kept in two places', () => {
  it('lists the other location with its whole path', async () => {
    const client = MockLumenClient.withPhotos(2);
    const getPhoto = client.getPhoto.bind(client);
    client.getPhoto = async (photoId) => {
      const details = await getPhoto(photoId);
      return details.ok && photoId === 1
        ? { ok: true, value: { ...details.value, parts: [{ photoId: 9, path: '/backup/2024/IMG_0001.jpg', kind: 'copy' }] } }
        : details;
    };
    const viewer = await openViewer(client, 0);
    const files = await within(viewer).findByRole('list', { name: 'Files shown with this photo' });
    expect(files).toHaveTextContent('/backup/2024/IMG_0001.jpg · an exact copy');
  });
});
