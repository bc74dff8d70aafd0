/**
 * The places view's map arithmetic: the bundled outline drawn without lines across the world at the
 * date line, map units placed on the stage the same way by the SVG transform and by the dots, and
 * spots clustered by their distance on screen at the map's zoom.
 */
import { describe, expect, it } from 'vitest';
import { clusterSpots } from '../../src-renderer/src/lib/map-clusters';
import { fitMap, landPath, mapTransform, project, toStage, unproject } from '../../src-renderer/src/lib/world-map';
import type { PhotoSpot } from '../../src-common/contract-library-views';

describe('the world outline', () => {
  it('is drawn from the bundled land, with no line across the map where a coast crosses the date line', () => {
    const path = landPath();
    expect(path.length).toBeGreaterThan(10_000);
    let previousX: number | null = null;
    let widest = 0;
    for (const [, command, x] of path.matchAll(/([MLZ])(?:(-?[\d.]+) (-?[\d.]+))?/g)) {
      if (command === 'L' && previousX !== null && x !== undefined) widest = Math.max(widest, Math.abs(Number(x) - previousX));
      previousX = x === undefined ? previousX : Number(x);
    }
    expect(widest).toBeLessThan(180);
  });
});

describe('map positions', () => {
  it('projects longitude and latitude to map units and back', () => {
    expect(project(-180, 90)).toEqual({ x: 0, y: 0 });
    expect(project(0, 0)).toEqual({ x: 180, y: 90 });
    expect(unproject(180 - 9.14, 90 - 38.72)).toEqual({ longitude: expect.closeTo(-9.14, 9), latitude: expect.closeTo(38.72, 9) });
    expect(unproject(-5, 200)).toEqual({ longitude: -180, latitude: -90 });
  });

  it('fits the whole world in the stage and places dots where the SVG transform draws the land', () => {
    const frame = fitMap(800, 600);
    expect(frame.unit).toBeCloseTo(800 / 360);
    expect(toStage(frame, { scale: 1, x: 0, y: 0 }, { x: 0, y: 0 })).toEqual({ x: 0, y: frame.top });
    const zoom = { scale: 4, x: -120, y: 35 };
    const lisbon = project(-9.14, 38.72);
    const onStage = toStage(frame, zoom, lisbon);
    const [, tx = '0', ty = '0', k = '1'] = /translate\((\S+) (\S+)\) scale\((\S+)\)/.exec(mapTransform(frame, zoom)) ?? [];
    expect(Number(tx) + Number(k) * lisbon.x).toBeCloseTo(onStage.x, 6);
    expect(Number(ty) + Number(k) * lisbon.y).toBeCloseTo(onStage.y, 6);
  });
});

describe('clusters', () => {
  const spots: PhotoSpot[] = [
    { latitude: 38.722, longitude: -9.139, photos: 5 },
    { latitude: 38.7, longitude: -9.4, photos: 2 },
    { latitude: 35.69, longitude: 139.692, photos: 1 },
  ];
  const at = (scale: number) => (spot: PhotoSpot) => toStage(fitMap(720, 360), { scale, x: 0, y: 0 }, project(spot.longitude, spot.latitude));

  it('draws spots that would overlap on screen as one cluster with their photos, apart once zoomed in', () => {
    const world = clusterSpots(spots, at(1), 22);
    expect(world.map((c) => c.photos)).toEqual([7, 1]);
    const lisbonArea = world[0]?.area;
    expect(lisbonArea).toEqual({ south: 38.6994, west: -9.4006, north: 38.7226, east: -9.1384 });
    expect(clusterSpots(spots, at(512), 22).map((c) => c.photos)).toEqual([5, 2, 1]);
  });
});
