/**
 * A library folder's row in the sidebar counts what the grid lists when it is chosen, as its
 * subfolders' rows do, not the files indexed there (a RAW beside its JPEG is a file of its own but
 * one photo in the grid).
 */
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import type { LibraryStatus } from '../../src-common/contract';
import { ok, type Result } from '../../src-common/result';
import { MockLumenClient } from './mock-client';

/** A library whose folder also holds two RAW files beside JPEGs: the services count them as files, not as photos of the grid. */
class WithRawParts extends MockLumenClient {
  override async getStatus(): Promise<Result<LibraryStatus>> {
    const status = await super.getStatus();
    if (!status.ok) return status;
    return ok({ ...status.value, photos: status.value.photos + 2, roots: status.value.roots.map((root) => ({ ...root, photos: root.photos + 2 })) });
  }
}

describe("a library folder's row", () => {
  it('counts the photos its grid lists, as its subfolders do, not its files', async () => {
    const client = new WithRawParts();
    client.folders.push('/photos');
    const shapes = MockLumenClient.withPhotos(3, '/photos');
    client.photos.push(...shapes.photos);
    ['2024/a.jpg', '2024/b.jpg', 'c.jpg'].forEach((path, i) => {
      const photo = client.photos[i];
      if (photo) photo.path = `/photos/${path}`;
    });
    render(App, { props: { app: new AppState(client) } });
    const library = await screen.findByRole('navigation', { name: 'Library' });
    expect(await within(library).findByRole('button', { name: /^photos\s*3 photos$/ })).toBeInTheDocument();
    await fireEvent.click(await screen.findByRole('button', { name: 'Show the subfolders of photos' }));
    expect(screen.getByRole('button', { name: /^2024\s*2 photos$/ })).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: /^photos\s*3 photos$/ }));
    await screen.findByRole('heading', { name: /· 3 photos$/ });
  });
});
