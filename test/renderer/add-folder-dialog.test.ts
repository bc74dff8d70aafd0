/** The add-folder and add-category dialogs are the window's modal Dialog: named by their heading, Escape closes them, focus goes back to the button that opened them. */
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

describe('the add-folder dialog', () => {
  it('is named, takes focus in its path field, closes on Escape and gives focus back to its opener', async () => {
    render(App, { props: { app: new AppState(MockLumenClient.withPhotos(2)) } });
    const opener = (await screen.findAllByRole('button', { name: 'Add a folder' }))[0] as HTMLElement;
    opener.focus();
    await fireEvent.click(opener);
    const dialog = await screen.findByRole('dialog', { name: 'Add a photo folder' });
    expect(document.activeElement).toBe(screen.getByLabelText('Folder path on this computer'));
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add a photo folder' })).not.toBeInTheDocument());
    expect(document.activeElement).toBe(opener);
  });

  it('does the same for the add-category dialog, starting in the set drops go to', async () => {
    render(App, { props: { app: new AppState(MockLumenClient.withPhotos(2)) } });
    const opener = await screen.findByRole('button', { name: 'Add a category' });
    opener.focus();
    await fireEvent.click(opener);
    const dialog = await screen.findByRole('dialog', { name: 'Add a category' });
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add a category' })).not.toBeInTheDocument());
    expect(document.activeElement).toBe(opener);
  });
});
