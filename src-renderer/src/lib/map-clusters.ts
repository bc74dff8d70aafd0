/**
 * The places view's dots: photo spots that would overlap on screen at the current zoom are drawn as
 * one cluster with the sum of their photos, so a dense city stays one readable number until the map
 * is zoomed in. Greedy: the spots with the most photos first, each joining the first cluster whose
 * centre is within `radius` pixels.
 */
import type { MapArea, PhotoSpot } from '../../../src-common/contract-library-views';

export interface MapCluster {
  /** Stage position of the cluster's centre (its largest spot), in CSS pixels. */
  x: number;
  y: number;
  photos: number;
  /** The rectangle holding every photo of the cluster (spots are rounded to 0.001°, so it is widened by that). */
  area: MapArea;
}

/** Half the rounding step of a spot's position, and a little more: every photo of a spot is inside its area. */
const SPOT_MARGIN = 0.0006;

export function clusterSpots(spots: readonly PhotoSpot[], toScreen: (spot: PhotoSpot) => { x: number; y: number }, radius: number): MapCluster[] {
  const clusters: Array<MapCluster & { spots: PhotoSpot[] }> = [];
  for (const spot of [...spots].sort((a, b) => b.photos - a.photos)) {
    const at = toScreen(spot);
    const near = clusters.find((cluster) => Math.hypot(cluster.x - at.x, cluster.y - at.y) <= radius);
    if (near) {
      near.photos += spot.photos;
      near.spots.push(spot);
    } else clusters.push({ ...at, photos: spot.photos, area: areaOf([spot]), spots: [spot] });
  }
  return clusters.map(({ spots: members, ...cluster }) => ({ ...cluster, area: areaOf(members) }));
}

function areaOf(spots: readonly PhotoSpot[]): MapArea {
  const latitudes = spots.map((s) => s.latitude);
  const longitudes = spots.map((s) => s.longitude);
  // Rounded outwards to 0.00001° (about a metre), as the address writes it, so a reload asks for the same photos.
  // (Float noise below 0.001 of a step is dropped first, so -9.4006 stays -9.4006.)
  const steps = (degrees: number): number => Math.round(degrees * 1e8) / 1e3;
  const down = (degrees: number): number => Math.floor(steps(degrees)) / 1e5;
  const up = (degrees: number): number => Math.ceil(steps(degrees)) / 1e5;
  return {
    south: Math.max(-90, down(Math.min(...latitudes) - SPOT_MARGIN)),
    north: Math.min(90, up(Math.max(...latitudes) + SPOT_MARGIN)),
    west: Math.max(-180, down(Math.min(...longitudes) - SPOT_MARGIN)),
    east: Math.min(180, up(Math.max(...longitudes) + SPOT_MARGIN)),
  };
}
