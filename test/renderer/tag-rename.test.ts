/** Renaming a tag inline: Enter saves once, and the input going away afterwards is not a second rename. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

/** Opens the rename field of the tag "red" in the window and types `name` into it, without saving. */
async function typeNewName(name: string) {
  const client = MockLumenClient.withPhotos(4);
  await client.addTag({ name: 'red' });
  const app = new AppState(client);
  render(App, { props: { app } });
  const tags = await screen.findByRole('list', { name: 'Tags' });
  await within(tags).findByRole('button', { name: /^red/ });
  await fireEvent.click(within(tags).getByRole('button', { name: 'Rename the tag red' }));
  const input = within(tags).getByLabelText('New name for the tag red');
  await fireEvent.input(input, { target: { value: name } });
  return { client, app, tags, input };
}

describe('renaming a tag', () => {
  it('sends renameTag once on Enter and shows no error', async () => {
    const { client, app, tags, input } = await typeNewName('crimson');
    await fireEvent.keyDown(input, { key: 'Enter' });
    await within(tags).findByRole('button', { name: /^crimson/ });
    // The input leaving the page blurs it; that must not rename again.
    await fireEvent.blur(input);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.callsOf('renameTag')).toEqual([{ from: 'red', to: 'crimson' }]);
    expect(app.notice?.tone).not.toBe('error');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('sends renameTag once when the input loses focus', async () => {
    const { client, app, tags, input } = await typeNewName('crimson');
    await fireEvent.blur(input);
    await fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(within(tags).getByRole('button', { name: /^crimson/ })).toBeInTheDocument());
    expect(client.callsOf('renameTag')).toEqual([{ from: 'red', to: 'crimson' }]);
    expect(app.notice?.tone).not.toBe('error');
  });
});
