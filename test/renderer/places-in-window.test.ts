/** The place filter lists the library's places; the viewer's info panel shows where a photo was taken (place and GPS), the date's zone, and says when a date is only an estimate. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import { MockLumenClient } from './mock-client';

describe('the viewer info panel', () => {
  it('shows place, GPS and zone, and marks an estimated date', async () => {
    const client = MockLumenClient.withPhotos(3);
    client.whereAndWhen.set(1, {
      takenAtSource: 'exif',
      timeOffset: '+01:00',
      location: { latitude: 38.7075, longitude: -9.1364, altitude: 45 },
      place: { city: 'Lisbon', region: 'Lisbon', country: 'Portugal', countryCode: 'PT' },
    });
    client.whereAndWhen.set(2, { takenAtSource: 'file-time', timeOffset: '+00:00', location: null, place: null });
    client.whereAndWhen.set(3, {
      takenAtSource: 'exif',
      timeOffset: '-07:00',
      location: { latitude: 37.7793, longitude: -122.4193, altitude: null },
      place: { city: 'San Francisco', region: 'California', country: 'United States', countryCode: 'US' },
    });
    render(App, { props: { app: new AppState(client) } });
    await screen.findByRole('heading', { name: 'All photos · 3 photos' });
    const grid = screen.getByRole('listbox');
    await waitFor(() => expect(within(grid).getAllByRole('option').length).toBeGreaterThan(1));
    grid.focus();
    await fireEvent.keyDown(grid, { key: 'Enter' });
    const viewer = await screen.findByRole('dialog', { name: 'Photo viewer: img-000001.jpg' });
    expect(await within(viewer).findByText('Lisbon, Portugal')).toBeInTheDocument();
    expect(within(viewer).getByText('38.70750° N, 9.13640° W · 45 m')).toBeInTheDocument();
    expect(within(viewer).getByText(/\(UTC\+01:00\)/)).toBeInTheDocument();
    expect(within(viewer).queryByText(/estimated/)).not.toBeInTheDocument();

    await fireEvent.keyDown(viewer, { key: 'ArrowRight' });
    const next = await screen.findByRole('dialog', { name: 'Photo viewer: img-000002.jpg' });
    expect(await within(next).findByText(/estimated from the file's time/)).toBeInTheDocument();
    expect(within(next).queryByText('Place')).not.toBeInTheDocument();

    await fireEvent.keyDown(next, { key: 'ArrowRight' });
    const third = await screen.findByRole('dialog', { name: 'Photo viewer: img-000003.jpg' });
    expect(await within(third).findByText('San Francisco, California, United States')).toBeInTheDocument();
  });
});

describe('the place filter', () => {
  it("lists the library's places with their counts and narrows a search to one", async () => {
    const client = MockLumenClient.withPhotos(4);
    client.places.push(
      { city: 'Lisbon', region: 'Lisbon', country: 'Portugal', countryCode: 'PT', photos: 3 },
      { city: 'Portland', region: 'Oregon', country: 'United States', countryCode: 'US', photos: 2 },
      { city: 'Portland', region: 'Maine', country: 'United States', countryCode: 'US', photos: 1 },
      { city: 'Tokyo', region: null, country: 'Japan', countryCode: 'JP', photos: 1 },
    );
    render(App, { props: { app: new AppState(client) } });
    await screen.findByRole('heading', { name: 'All photos · 4 photos' });
    await fireEvent.input(screen.getByLabelText('Search photos by what is in them'), { target: { value: 'red' } });
    const filters = await screen.findByRole('group', { name: 'Filters' });
    const place = within(filters).getByLabelText('Place');
    expect(
      within(place)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Anywhere', 'Lisbon, Portugal (3)', 'Portland, Oregon, United States (2)', 'Portland, Maine, United States (1)', 'Tokyo, Japan (1)']);
    // The phrase the text index holds for that place (town, region, country): the other Portland stays out.
    await fireEvent.change(place, { target: { value: 'Portland Maine United States' } });
    await waitFor(() => expect(client.callsOf('search').at(-1)).toEqual({ text: 'red', limit: 300, filters: { places: ['Portland Maine United States'] } }));
    await fireEvent.click(within(filters).getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(client.callsOf('search').at(-1)).toEqual({ text: 'red', limit: 300 }));
  });

  it('is not shown in a library without places', async () => {
    const client = MockLumenClient.withPhotos(2);
    render(App, { props: { app: new AppState(client) } });
    await screen.findByRole('heading', { name: 'All photos · 2 photos' });
    await fireEvent.input(screen.getByLabelText('Search photos by what is in them'), { target: { value: 'red' } });
    const filters = await screen.findByRole('group', { name: 'Filters' });
    expect(within(filters).queryByLabelText('Place')).not.toBeInTheDocument();
  });
});
