/** The grid as a timeline: date headings per month or day, the sort menu, and the scrubber beside the grid. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import TimelineScrubber from '../../src-renderer/src/components/TimelineScrubber.svelte';
import { timelineGeometry } from '../../src-renderer/src/lib/timeline-layout';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

/** Five photos: two on 14 July 2024, one on 2 July, one on 31 December 2023, one without a date; added in that order. */
function datedLibrary(): MockLumenClient {
  const client = MockLumenClient.withPhotos(5);
  const dates = ['2024-07-14T09:00:00', '2024-07-14T18:30:00', '2024-07-02T12:00:00', '2023-12-31T23:59:00', null];
  client.photos.forEach((photo, i) => (photo.takenAt = dates[i] ?? null));
  return client;
}

function renderApp(client: MockLumenClient): AppState {
  const app = new AppState(client);
  render(App, { props: { app } });
  return app;
}

const headings = (): string[] => [...document.querySelectorAll('.date-heading')].map((h) => h.textContent?.trim() ?? '');

describe('the timeline', () => {
  // jsdom lays nothing out: give every element a window-sized box, so the grid shows all five photos and their headings.
  beforeEach(() => {
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000);
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(2000);
  });
  afterEach(() => vi.restoreAllMocks());

  it('puts month headings between the photos, newest first, undated last; days on request', async () => {
    const client = datedLibrary();
    renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 5 photos' });
    await waitFor(() => expect(headings()).toEqual(['July 2024', 'December 2023', 'No date']));
    expect(client.callsOf('listPhotoDays')).toEqual([{}]);

    await fireEvent.click(screen.getByRole('radio', { name: 'Days' }));
    await waitFor(() => expect(headings()).toEqual(['Sun, 14 July 2024', 'Tue, 2 July 2024', 'Sun, 31 December 2023', 'No date']));
    // The newest photo of the newest day comes first.
    expect(screen.getByRole('listbox').querySelector('#cell-0')).toHaveAccessibleName('img-000002.jpg');
  });

  it('sorts by date either way, by name or by date added; headings only while sorted by date', async () => {
    const client = datedLibrary();
    const app = renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 5 photos' });
    await fireEvent.click(screen.getByRole('radio', { name: 'Date taken, oldest first' }));
    await waitFor(() => expect(headings()).toEqual(['December 2023', 'July 2024', 'No date']));
    expect(client.callsOf('listPhotos').at(-1)).toEqual({ offset: 0, limit: 300, sort: 'taken-asc' });
    expect(client.callsOf('listPhotoDays').at(-1)).toEqual({ sort: 'taken-asc' });
    expect(app.browse.item(0)?.path).toMatch(/img-000004\.jpg$/);

    await fireEvent.click(screen.getByRole('radio', { name: 'Recently added' }));
    await waitFor(() => expect(app.browse.item(0)?.path).toMatch(/img-000005\.jpg$/));
    expect(headings()).toEqual([]);
    expect(screen.queryByRole('group', { name: 'Date headings' })).not.toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Recently added' })).toBeChecked();
    expect(screen.queryByRole('slider', { name: 'Timeline' })).not.toBeInTheDocument();
    expect(client.callsOf('listPhotoDays').at(-1)).toEqual({ sort: 'taken-asc' });
  });

  it('keeps the order and the headings for a folder or a tag the sidebar opens', async () => {
    const client = datedLibrary();
    const app = renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 5 photos' });
    await fireEvent.click(screen.getByRole('radio', { name: 'Date taken, oldest first' }));
    app.showFolder('/photos/Shapes');
    await waitFor(() => expect(client.callsOf('listPhotoDays').at(-1)).toEqual({ folder: '/photos/Shapes', sort: 'taken-asc' }));
    await waitFor(() => expect(headings()).toEqual(['December 2023', 'July 2024', 'No date']));
  });

  it('says where the open photo is in the grid’s order: n of N', async () => {
    const client = datedLibrary();
    renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 5 photos' });
    await fireEvent.click(screen.getByRole('radio', { name: 'Date taken, oldest first' }));
    const grid = screen.getByRole('listbox');
    await waitFor(() => expect(grid.querySelector('#cell-0')).toHaveAccessibleName('img-000004.jpg'));
    grid.focus();
    await fireEvent.keyDown(grid, { key: 'ArrowRight' });
    await fireEvent.keyDown(grid, { key: 'Enter' });
    const viewer = await screen.findByRole('dialog', { name: 'Photo viewer: img-000003.jpg' });
    expect(within(viewer).getByText('2 of 5')).toBeInTheDocument();
    await fireEvent.keyDown(viewer, { key: 'ArrowRight' });
    await screen.findByRole('dialog', { name: 'Photo viewer: img-000001.jpg' });
    expect(within(screen.getByRole('dialog')).getByText('3 of 5')).toBeInTheDocument();
  });

  it('offers a scrubber that names the date in view', async () => {
    const client = datedLibrary();
    renderApp(client);
    await screen.findByRole('heading', { name: 'All photos · 5 photos' });
    const scrubber = await screen.findByRole('slider', { name: 'Timeline' });
    expect(scrubber).toHaveAttribute('aria-valuetext', 'July 2024');
  });
});

describe('the scrubber', () => {
  const sections = [
    { key: '2024-07', label: 'July 2024', count: 30 },
    { key: '2024-03', label: 'March 2024', count: 30 },
    { key: '2023-12', label: 'December 2023', count: 30 },
    { key: '2023-01', label: 'January 2023', count: 30 },
    { key: 'undated', label: 'No date', count: 5 },
  ];
  const geometry = timelineGeometry({ width: 1000, minCell: 160, gap: 6, headingHeight: 40, count: 125, sections });
  const tops = geometry.sections.map((s) => s.top);

  it('steps one heading with the arrows and one year with Page Up/Down, from the keyboard', async () => {
    const onjump = vi.fn<(top: number) => void>();
    render(TimelineScrubber, { props: { geometry, scrollTop: tops[1] ?? 0, viewportHeight: 600, onjump } });
    const scrubber = screen.getByRole('slider', { name: 'Timeline' });
    expect(scrubber).toHaveAttribute('aria-valuetext', 'March 2024');
    for (const key of ['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End']) await fireEvent.keyDown(scrubber, { key });
    expect(onjump.mock.calls.map(([top]) => tops.indexOf(top))).toEqual([2, 0, 2, 0, 0, 4]);
  });

  it('from the second year, Page Up goes to that year’s first heading, then to the year before', async () => {
    const onjump = vi.fn<(top: number) => void>();
    render(TimelineScrubber, { props: { geometry, scrollTop: tops[3] ?? 0, viewportHeight: 600, onjump } });
    const scrubber = screen.getByRole('slider', { name: 'Timeline' });
    expect(scrubber).toHaveAttribute('aria-valuetext', 'January 2023');
    await fireEvent.keyDown(scrubber, { key: 'PageUp' });
    expect(onjump.mock.calls.map(([top]) => tops.indexOf(top))).toEqual([2]);
  });
});
