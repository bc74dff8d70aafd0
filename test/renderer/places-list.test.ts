/**
 * The places view's list names each town as the rest of the window does (the region left out where
 * it only repeats the town), and two towns of the same name and region in different countries stay
 * two entries, each narrowing the grid to its own photos, with the grid's heading naming it the same way.
 */
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src-renderer/src/App.svelte';
import { parseRoute } from '../../src-renderer/src/lib/route';
import { AppState } from '../../src-renderer/src/state/app-state.svelte';
import type { PlaceName } from '../../src-common/contract';
import { MockLumenClient } from './mock-client';

const LISBON: PlaceName = { city: 'Lisbon', region: 'Lisbon', country: 'Portugal', countryCode: 'PT' };
const SPRINGFIELD_BE: PlaceName = { city: 'Springfield', region: 'Limburg', country: 'Belgium', countryCode: 'BE' };
const SPRINGFIELD_NL: PlaceName = { city: 'Springfield', region: 'Limburg', country: 'Netherlands', countryCode: 'NL' };

function located(): MockLumenClient {
  const client = MockLumenClient.withPhotos(5);
  const at = (id: number, place: PlaceName, latitude: number, longitude: number) =>
    client.whereAndWhen.set(id, { takenAtSource: 'exif', timeOffset: null, location: { latitude, longitude, altitude: null }, place });
  at(1, LISBON, 38.7223, -9.1393);
  at(2, LISBON, 38.7224, -9.1394);
  at(3, SPRINGFIELD_BE, 50.93, 5.33);
  at(4, SPRINGFIELD_NL, 50.85, 5.69);
  client.places.push({ ...LISBON, photos: 2 }, { ...SPRINGFIELD_BE, photos: 1 }, { ...SPRINGFIELD_NL, photos: 1 });
  return client;
}

describe("the places view's list", () => {
  it('leaves out a region that repeats the town, and keeps same-named towns of one region apart, each showing its own photos', async () => {
    const client = located();
    render(App, { props: { app: new AppState(client) } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Places' }));
    const list = await screen.findByRole('navigation', { name: 'By place' });
    const names = within(list)
      .getAllByRole('button')
      .map((button) => button.querySelector('.name')?.textContent);
    expect(names).toEqual(['Lisbon, Portugal', 'Springfield, Limburg, Belgium', 'Springfield, Limburg, Netherlands']);

    await fireEvent.click(within(list).getByRole('button', { name: /^Springfield\s*, Limburg, Netherlands/ }));
    await screen.findByRole('heading', { name: 'Taken in Springfield, Limburg, Netherlands · 1 photo' });
    expect(client.callsOf('listPhotos').at(-1)).toMatchObject({ place: 'Springfield Limburg Netherlands' });
    expect(parseRoute(location.hash).place).toBe('Springfield Limburg Netherlands');

    await fireEvent.click(screen.getByRole('button', { name: 'Places' }));
    await fireEvent.click(within(await screen.findByRole('navigation', { name: 'By place' })).getByRole('button', { name: /^Lisbon\s*, Portugal/ }));
    await screen.findByRole('heading', { name: 'Taken in Lisbon, Portugal · 2 photos' });
    expect(client.callsOf('listPhotos').at(-1)).toMatchObject({ place: 'Lisbon Lisbon Portugal' });
  });
});
