/** The places view: where the library's photos were taken (spots with counts) and the map's zoom. */
import type { PhotoSpot } from '../../../src-common/contract-library-views';
import type { LumenClient } from '../api/lumen-client';
import { FITTED, type ZoomView } from '../lib/zoom-pan';

export class PlacesState {
  spots = $state.raw<PhotoSpot[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  /** The map's zoom and pan, kept while the person looks at the photos of a cluster and comes back. */
  zoom = $state.raw<ZoomView>(FITTED);

  constructor(private readonly client: LumenClient) {}

  /** Photos with GPS, counted per spot. */
  get located(): number {
    return this.spots.reduce((sum, spot) => sum + spot.photos, 0);
  }

  async load(): Promise<void> {
    const result = await this.client.listPhotoSpots();
    if (result.ok) {
      this.spots = result.value;
      this.error = null;
    } else this.error = result.error.message;
    this.loaded = true;
  }
}
