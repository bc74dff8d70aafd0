/** The viewer is a modal: Tab cycles inside it, Escape closes it and gives focus back to the grid on the photo that opened it. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

async function openViewerOnSecondPhoto(): Promise<{ grid: HTMLElement; viewer: HTMLElement }> {
  const client = MockLumenClient.withPhotos(12);
  render(App, { props: { app: new AppState(client) } });
  await screen.findByRole('heading', { name: 'All photos · 12 photos' });
  const grid = screen.getByRole('listbox');
  await waitFor(() => expect(within(grid).getAllByRole('option').length).toBeGreaterThan(1));
  grid.focus();
  await fireEvent.keyDown(grid, { key: 'ArrowRight' });
  await fireEvent.keyDown(grid, { key: 'Enter' });
  const viewer = await screen.findByRole('dialog', { name: 'Photo viewer: img-000002.jpg' });
  await waitFor(() => expect(within(viewer).getAllByRole('button', { name: /^Open img-/ }).length).toBeGreaterThan(0));
  return { grid, viewer };
}

describe('the viewer as a modal dialog', () => {
  it('takes focus when it opens', async () => {
    const { viewer } = await openViewerOnSecondPhoto();
    expect(viewer.contains(document.activeElement)).toBe(true);
  });

  it('keeps Tab and Shift+Tab inside: past the last control comes the first, before the first the last', async () => {
    const { viewer } = await openViewerOnSecondPhoto();
    const buttons = within(viewer)
      .getAllByRole('button')
      .filter((b) => !(b as HTMLButtonElement).disabled);
    const first = buttons[0] as HTMLElement;
    const last = buttons[buttons.length - 1] as HTMLElement;
    last.focus();
    await fireEvent.keyDown(last, { key: 'Tab' });
    expect(document.activeElement).toBe(first);
    await fireEvent.keyDown(first, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(last);
  });

  it('closes on Escape and gives focus back to the grid, on the photo that opened it', async () => {
    const { grid, viewer } = await openViewerOnSecondPhoto();
    await fireEvent.keyDown(viewer, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: /Photo viewer/ })).not.toBeInTheDocument());
    expect(document.activeElement).toBe(grid);
    expect(grid).toHaveAttribute('aria-activedescendant', 'cell-1');
  });

  it('after stepping to another photo, Escape leaves the grid on the photo last shown', async () => {
    const { grid, viewer } = await openViewerOnSecondPhoto();
    await fireEvent.keyDown(viewer, { key: 'ArrowRight' });
    await screen.findByRole('dialog', { name: 'Photo viewer: img-000003.jpg' });
    await fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    await waitFor(() => expect(document.activeElement).toBe(grid));
    expect(grid).toHaveAttribute('aria-activedescendant', 'cell-2');
    expect(within(grid).getByRole('option', { selected: true })).toHaveAccessibleName('img-000003.jpg');
  });
});
