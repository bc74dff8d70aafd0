/** Sidebar rows: the tag-rename field is named, folders and tags open their photos and say which is open. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

async function windowWithTag(name: string): Promise<MockLumenClient> {
  const client = MockLumenClient.withPhotos(6);
  await client.addTag({ name });
  render(App, { props: { app: new AppState(client) } });
  await screen.findByRole('heading', { name: 'All photos · 6 photos' });
  await screen.findByRole('button', { name: `Rename the tag ${name}` });
  return client;
}

describe('sidebar rows', () => {
  it('names the tag-rename field after the tag, spaces included', async () => {
    await windowWithTag('red car');
    await fireEvent.click(screen.getByRole('button', { name: 'Rename the tag red car' }));
    expect(screen.getByRole('textbox', { name: 'New name for the tag red car' })).toHaveValue('red car');
  });

  it('opens a tag and a folder from their rows, marking the open one as the current page', async () => {
    await windowWithTag('red');
    const tags = screen.getByRole('list', { name: 'Tags' });
    await fireEvent.click(within(tags).getByRole('button', { name: /^red/ }));
    await screen.findByRole('heading', { name: /^Tagged “red”/ });
    expect(within(tags).getByRole('button', { name: /^red/ })).toHaveAttribute('aria-current', 'page');
    await fireEvent.click(screen.getByRole('button', { name: /^Shapes/ }));
    await screen.findByRole('heading', { name: /^Shapes · / });
    expect(screen.getByRole('button', { name: /^Shapes/ })).toHaveAttribute('aria-current', 'page');
    await waitFor(() => expect(within(tags).getByRole('button', { name: /^red/ })).not.toHaveAttribute('aria-current'));
  });
});
