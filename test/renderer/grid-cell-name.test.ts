/** Grid cells are named by one sentence holding every word they show, so the name and the visible text agree. */
import { render, screen, waitFor, within, fireEvent } from '@testing-library/svelte';
import { computeAccessibleName } from 'dom-accessibility-api';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { gridCellName } from '../../src-renderer/src/lib/grid-cell-name';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** True when every word of `shown` appears in `name`, in the same order. */
function inOrder(shown: string[], name: string[]): boolean {
  let at = 0;
  for (const word of shown) {
    at = name.indexOf(word, at);
    if (at < 0) return false;
    at += 1;
  }
  return true;
}

describe('a grid cell’s name', () => {
  it('is the file name alone while browsing', () => {
    expect(gridCellName({ id: 1, path: '/p/IMG_1000.jpg', width: 1, height: 1 }, false)).toBe('IMG_1000.jpg');
  });

  it('says the match, why it matched, the raw score when shown, no date and the video moment', () => {
    const hit = {
      id: 1,
      path: '/p/clip.mp4',
      width: 1,
      height: 1,
      score: 0.874,
      rawScore: 0.4912,
      matchedBy: [
        { field: 'name' as const, words: ['red'] },
        { field: 'tag' as const, words: ['circle'] },
      ],
      undated: true,
      videoAtMs: 12_000,
    };
    expect(gridCellName(hit, false)).toBe('clip.mp4, 87% match, matched by name and tag, undated, video, best at 0:12');
    expect(gridCellName(hit, true)).toBe('clip.mp4, 87% match (raw 0.49), matched by name and tag, undated, video, best at 0:12');
  });

  it('holds every word a search hit shows, in order, in the window', async () => {
    const client = MockLumenClient.withPhotos(8);
    render(App, { props: { app: new AppState(client) } });
    await screen.findByRole('heading', { name: 'All photos · 8 photos' });
    await fireEvent.input(screen.getByLabelText('Search photos by what is in them'), { target: { value: 'red circle' } });
    const grid = await screen.findByRole('listbox', { name: /^“red circle” · / }, { timeout: 3000 });
    await waitFor(() => expect(within(grid).getAllByRole('option')[0]).toHaveAccessibleName(/^img-\d+\.jpg, \d+% match$/));
    for (const cell of within(grid).getAllByRole('option')) {
      const shown = [...cell.querySelectorAll('[aria-hidden="true"]')].map((part) => part.textContent).join(' ');
      expect(words(shown).length).toBeGreaterThan(1);
      expect(inOrder(words(shown), words(computeAccessibleName(cell)))).toBe(true);
    }
  });
});
