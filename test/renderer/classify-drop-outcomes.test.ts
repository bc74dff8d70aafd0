/** A drop of several files: each file gets its own outcome, an empty one included. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

/** A DataTransfer stand-in: jsdom has none. */
function transfer(files: File[]) {
  return { types: ['Files'], files, getData: () => '', setData: () => {}, dropEffect: 'none', effectAllowed: 'all' };
}

describe('dropping files on the window', () => {
  it('classifies the others when one file is empty, and says that one is empty', async () => {
    const client = MockLumenClient.withPhotos(2);
    for (const name of ['circle', 'star', 'square']) await client.addCategory({ set: 'shapes', name });
    const app = new AppState(client);
    render(App, { props: { app } });
    await screen.findByRole('heading', { name: 'All photos · 2 photos' });
    const files = [
      new File(['a star on grey'], 'first-star.png', { type: 'image/png' }),
      new File([], 'empty.jpg', { type: 'image/jpeg' }),
      new File(['a circle'], 'last-circle.png', { type: 'image/png' }),
    ];
    await fireEvent.drop(document.querySelector('.shell') as HTMLElement, { dataTransfer: transfer(files) });

    const results = await screen.findByRole('region', { name: 'Classified into “shapes”' });
    await waitFor(() => expect(within(results).getAllByRole('listitem', { name: /^(first-star|empty|last-circle)/ })).toHaveLength(3));
    const rows = within(results).getAllByRole('listitem', { name: /^(first-star|empty|last-circle)/ });
    expect(rows.map((row) => row.getAttribute('aria-label'))).toEqual(['first-star.png', 'empty.jpg', 'last-circle.png']);
    expect(rows[0]).toHaveTextContent(/star\s*70%/);
    expect(rows[1]).toHaveTextContent(/empty/i);
    expect(rows[2]).toHaveTextContent(/circle\s*70%/);
    expect(app.notice?.tone).not.toBe('error');
  });
});
