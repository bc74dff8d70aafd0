/**
 * The window's library views against the one API mock: the duplicates side by side with the copy to
 * keep suggested, moving the others out after a confirmation with each file's outcome and Undo; the
 * folder tree under each library folder, narrowing the grid to a subfolder; the places view's map
 * clusters and place list narrowing the grid, and the address keeping it.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it, onTestFinished } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { formatRoute, HOME_ROUTE, parseRoute } from '../../src-renderer/src/lib/route';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import type { DuplicatePhoto } from '../../src-common/contract-library-views';
import { MockLumenClient, type MockPhoto } from './mock-client';
import { NOTICE_READING_MS } from '../../src-renderer/src/state/notice-state.svelte';

function copyOf(photo: MockPhoto, size: number): DuplicatePhoto {
  return {
    id: photo.id,
    path: photo.path,
    folder: photo.path.slice(0, photo.path.lastIndexOf('/')),
    size,
    width: photo.width,
    height: photo.height,
    takenAt: photo.takenAt,
    hasThumbnail: true,
  };
}

function photoAt(client: MockLumenClient, id: number, path: string): MockPhoto {
  const photo = client.photos.find((p) => p.id === id);
  if (!photo) throw new Error(`no photo ${id}`);
  photo.path = path;
  return photo;
}

describe('the duplicates view', () => {
  it('shows each group with the suggested copy, moves the ticked ones after a confirmation, says what happened to each, and undoes it', async () => {
    const client = MockLumenClient.withPhotos(5, '/photos/Trips');
    const [a, b, c, d] = [1, 2, 3, 4].map((id) =>
      photoAt(client, id, `/photos/Trips/${['beach.jpg', 'beach-copy.jpg', 'Backup/beach.jpg', 'cat.jpg'][id - 1]}`),
    );
    const e = photoAt(client, 5, '/photos/Trips/cat (1).jpg');
    if (!a || !b || !c || !d) throw new Error('photos missing');
    client.duplicateGroups = [
      { kind: 'similar', photos: [copyOf(a, 4_000_000), copyOf(b, 900_000), copyOf(c, 4_000_000)] },
      { kind: 'same-file', photos: [copyOf(d, 1000), copyOf(e, 1000)] },
    ];
    render(App, { props: { app: new AppState(client) } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Duplicates' }));
    await screen.findByRole('heading', { name: 'Duplicates', level: 1 });
    expect(await screen.findByText(/2 groups of near-identical photos, 3 extra copies/)).toBeInTheDocument();
    const first = screen.getByRole('list', { name: 'Group 1: 3 copies, near-identical' });
    expect(within(first).getByText('Suggested to keep')).toBeInTheDocument();
    expect(within(first).getByRole('radio', { name: 'Keep beach.jpg in Trips' })).toBeChecked();
    expect(within(first).getByRole('checkbox', { name: 'Move beach-copy.jpg in Trips out' })).toBeChecked();
    expect(within(first).getAllByText('640 × 480 · 3.8 MB')).toHaveLength(2);

    // Keeping the copy in Backup instead: the suggested one is set aside, the new keeper is not.
    await fireEvent.click(within(first).getByRole('radio', { name: 'Keep beach.jpg in Backup' }));
    expect(within(first).getByRole('checkbox', { name: 'Move beach.jpg in Trips out' })).toBeChecked();
    expect(within(first).queryAllByRole('checkbox')).toHaveLength(2);
    // One copy of the second group stays after all.
    const second = screen.getByRole('list', { name: 'Group 2: 2 copies, the same file' });
    await fireEvent.click(within(second).getByRole('checkbox', { name: 'Move cat (1).jpg in Trips out' }));

    const folder = screen.getByLabelText('Move the ticked copies to this folder (outside the library)');
    expect(folder).toHaveValue('/photos/Lumen duplicates');
    // A field the person cleared stays clear (the suggestion is made once), and nothing can be moved to no folder.
    await fireEvent.input(folder, { target: { value: '' } });
    expect(folder).toHaveValue('');
    expect(screen.getByRole('button', { name: 'Move 2 copies…' })).toBeDisabled();
    await fireEvent.input(folder, { target: { value: '/photos/Trips/Dupes' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Move 2 copies…' }));
    const confirm = await screen.findByRole('dialog', { name: 'Move 2 copies out of the library?' });
    await fireEvent.click(within(confirm).getByRole('button', { name: 'Move them' }));
    // Inside the library: refused with a sentence, nothing moved.
    expect(await screen.findByText(/choose a folder outside the library/)).toBeInTheDocument();
    expect(client.photos).toHaveLength(5);

    await fireEvent.input(folder, { target: { value: '/set aside' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Move 2 copies…' }));
    await fireEvent.click(within(await screen.findByRole('dialog', { name: 'Move 2 copies out of the library?' })).getByRole('button', { name: 'Move them' }));
    const outcome = await screen.findByRole('status', { name: 'Last move' });
    expect(within(outcome).getByText('beach.jpg moved to /set aside/beach.jpg')).toBeInTheDocument();
    expect(within(outcome).getByText('beach-copy.jpg moved to /set aside/beach-copy.jpg')).toBeInTheDocument();
    expect(client.callsOf('moveDuplicates')).toEqual([
      { photos: [2, 1], folder: '/photos/Trips/Dupes' },
      { photos: [2, 1], folder: '/set aside' },
    ]);
    expect(client.photos.map((p) => p.id).sort()).toEqual([3, 4, 5]);
    // Only the cat group is left (the beach has one copy in the library now).
    expect(await screen.findByText(/1 group of near-identical photos, 1 extra copy/)).toBeInTheDocument();

    await fireEvent.click(within(outcome).getByRole('button', { name: 'Undo: put them back' }));
    await waitFor(() => expect(client.callsOf('reindexAll')).toHaveLength(1));
    expect(client.callsOf('undoHistoryEntry')).toHaveLength(1);
    expect(client.callsOf('undoLast')).toEqual([]);
    // It follows the move's confirmation once that has been on screen long enough to read.
    expect(await screen.findByText('Put 2 photos back where they were.', {}, { timeout: NOTICE_READING_MS + 2000 })).toBeInTheDocument();
    expect(client.photos.map((p) => p.id).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('says so when every photo is different', async () => {
    const client = MockLumenClient.withPhotos(2);
    render(App, { props: { app: new AppState(client) } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Duplicates' }));
    expect(await screen.findByText('No near-identical photos: every photo in the library is different.')).toBeInTheDocument();
  });
});

describe('the folder tree', () => {
  it('shows subfolders with their counts under a library folder and narrows the grid to one, kept in the address', async () => {
    const client = MockLumenClient.withPhotos(6, '/photos');
    ['2023/a.jpg', '2023/Summer/b.jpg', '2023/Summer/c.jpg', '2024/d.jpg', 'e.jpg', 'f.jpg'].forEach((path, i) => photoAt(client, i + 1, `/photos/${path}`));
    render(App, { props: { app: new AppState(client) } });
    const expand = await screen.findByRole('button', { name: 'Show the subfolders of photos' });
    expect(expand).toHaveAttribute('aria-expanded', 'false');
    await fireEvent.click(expand);
    expect(expand).toHaveAttribute('aria-expanded', 'true');
    const year = screen.getByRole('button', { name: /^2023\s*3 photos$/ });
    expect(screen.getByRole('button', { name: /^2024\s*1 photo$/ })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Summer/ })).not.toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Show the subfolders of 2023' }));
    await fireEvent.click(screen.getByRole('button', { name: /^Summer\s*2 photos$/ }));
    await screen.findByRole('heading', { name: 'Summer · 2 photos' });
    expect(client.callsOf('listPhotos').at(-1)).toMatchObject({ folder: '/photos/2023/Summer' });
    expect(parseRoute(location.hash).folder).toBe('/photos/2023/Summer');
    expect(screen.getByRole('button', { name: /^Summer\s*2 photos$/ })).toHaveAttribute('aria-current', 'page');
    await fireEvent.click(year);
    await screen.findByRole('heading', { name: '2023 · 3 photos' });
  });
});

/** Where-and-when fields besides the place: a camera date of no particular zone. */
const EXIF = { takenAtSource: 'exif', timeOffset: null } as const;

describe('the places view', () => {
  function located(): MockLumenClient {
    const client = MockLumenClient.withPhotos(4);
    const lisbon = { city: 'Lisbon', region: null, country: 'Portugal', countryCode: 'PT' };
    client.whereAndWhen.set(1, { ...EXIF, location: { latitude: 38.7223, longitude: -9.1393, altitude: null }, place: lisbon });
    client.whereAndWhen.set(2, { ...EXIF, location: { latitude: 38.7224, longitude: -9.1394, altitude: null }, place: lisbon });
    client.whereAndWhen.set(3, {
      ...EXIF,
      location: { latitude: 35.6895, longitude: 139.6917, altitude: null },
      place: { city: 'Tokyo', region: null, country: 'Japan', countryCode: 'JP' },
    });
    client.places.push({ ...lisbon, photos: 2 }, { city: 'Tokyo', region: null, country: 'Japan', countryCode: 'JP', photos: 1 });
    return client;
  }

  it('lists the places and narrows the grid to one, kept in the address', async () => {
    const client = located();
    render(App, { props: { app: new AppState(client) } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Places' }));
    expect(await screen.findByText('3 photos with a GPS position. Choose a dot or a place to see its photos.')).toBeInTheDocument();
    const list = screen.getByRole('navigation', { name: 'By place' });
    await fireEvent.click(within(list).getByRole('button', { name: /^Lisbon/ }));
    await screen.findByRole('heading', { name: 'Taken in Lisbon, Portugal · 2 photos' });
    expect(client.callsOf('listPhotos').at(-1)).toMatchObject({ place: 'Lisbon Portugal' });
    expect(parseRoute(location.hash).place).toBe('Lisbon Portugal');
    // All photos takes the place away.
    await fireEvent.click(screen.getByRole('button', { name: /^All photos/ }));
    await screen.findByRole('heading', { name: 'All photos · 4 photos' });
  });

  it('shows clusters with their counts on the map and narrows the grid to a cluster’s area', async () => {
    // jsdom lays nothing out: the map's stage gets the size a browser would give it.
    const size = (value: number) => ({
      configurable: true,
      get(this: HTMLElement): number {
        return this.classList.contains('stage') ? value : 0;
      },
    });
    Object.defineProperty(HTMLDivElement.prototype, 'clientWidth', size(720));
    Object.defineProperty(HTMLDivElement.prototype, 'clientHeight', size(360));
    onTestFinished(() => {
      Reflect.deleteProperty(HTMLDivElement.prototype, 'clientWidth');
      Reflect.deleteProperty(HTMLDivElement.prototype, 'clientHeight');
    });
    const client = located();
    render(App, { props: { app: new AppState(client) } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Places' }));
    await screen.findByRole('group', { name: /World map of where the photos were taken/ });
    const lisbon = await screen.findByRole('button', { name: 'Show the 2 photos taken here' });
    expect(lisbon).toHaveTextContent('2');
    expect(screen.getByRole('button', { name: 'Show the 1 photo taken here' })).toBeInTheDocument();
    await fireEvent.click(lisbon);
    await screen.findByRole('heading', { name: 'Taken in the chosen part of the map · 2 photos' });
    const area = parseRoute(location.hash).area;
    expect(area?.south).toBeLessThanOrEqual(38.7223);
    expect(area?.north).toBeGreaterThanOrEqual(38.7224);
    expect(client.callsOf('listPhotos').at(-1)).toMatchObject({ area });
  });

  it('shows the results of a search typed while the places view is open', async () => {
    const client = located();
    render(App, { props: { app: new AppState(client) } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Places' }));
    await screen.findByRole('heading', { name: 'Places', level: 1 });
    await fireEvent.input(screen.getByLabelText('Search photos by what is in them'), { target: { value: 'red' } });
    await screen.findByRole('heading', { name: /^“red” · / });
    expect(screen.queryByRole('heading', { name: 'Places', level: 1 })).not.toBeInTheDocument();
  });

  it('reads a place or an area from the address, and writes back what it reads', async () => {
    const route = { ...HOME_ROUTE, area: { south: 38.7, west: -9.2, north: 38.8, east: -9.1 } };
    expect(parseRoute(formatRoute(route))).toEqual(route);
    expect(parseRoute('#/photos?area=1,2,3')).toEqual(HOME_ROUTE);
    expect(parseRoute('#/photos?area=50,0,40,10')).toEqual(HOME_ROUTE);
    history.replaceState(null, '', formatRoute({ ...HOME_ROUTE, place: 'Tokyo Japan' }));
    const client = located();
    render(App, { props: { app: new AppState(client) } });
    await screen.findByRole('heading', { name: 'Taken in Tokyo, Japan · 1 photo' });
  });
});
