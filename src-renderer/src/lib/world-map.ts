/**
 * The places view's world map, drawn offline: the land of Natural Earth's 1:110m outline (public
 * domain, bundled by the `world-atlas` package as TopoJSON) as one SVG path in an equirectangular
 * projection: x = longitude + 180, y = 90 − latitude, so the whole world is 360 × 180 map units.
 */
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import land from 'world-atlas/land-110m.json';

export const MAP_WIDTH = 360;
export const MAP_HEIGHT = 180;

/** A longitude and latitude in map units. */
export function project(longitude: number, latitude: number): { x: number; y: number } {
  return { x: longitude + 180, y: 90 - latitude };
}

/** The inverse of `project`, kept inside the world. */
export function unproject(x: number, y: number): { longitude: number; latitude: number } {
  return { longitude: Math.min(180, Math.max(-180, x - 180)), latitude: Math.min(90, Math.max(-90, 90 - y)) };
}

function isTopology(value: unknown): value is Topology {
  return typeof value === 'object' && value !== null && 'type' in value && value.type === 'Topology' && 'objects' in value && 'arcs' in value;
}

type Ring = GeoJSON.Position[];

function ringsOf(geometry: GeoJSON.Geometry): Ring[] {
  if (geometry.type === 'Polygon') return geometry.coordinates;
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.flat();
  if (geometry.type === 'GeometryCollection') return geometry.geometries.flatMap(ringsOf);
  return [];
}

/** One ring as path commands; a ring that crosses the date line is cut there rather than drawn across the world. */
function ringPath(ring: Ring): string {
  let path = '';
  let previous: number | null = null;
  for (const [longitude = 0, latitude = 0] of ring) {
    const { x, y } = project(longitude, latitude);
    const jump = previous !== null && Math.abs(longitude - previous) > 180;
    path += `${path === '' || jump ? 'M' : 'L'}${x.toFixed(2)} ${y.toFixed(2)}`;
    previous = longitude;
  }
  return `${path}Z`;
}

let cachedLand: string | null = null;

/** The land of the world as an SVG path in map units (made once). */
export function landPath(): string {
  if (cachedLand !== null) return cachedLand;
  const topology: unknown = land;
  if (!isTopology(topology) || !topology.objects['land']) return (cachedLand = '');
  const collection = feature(topology, topology.objects['land']);
  const features = 'features' in collection ? collection.features : [collection];
  cachedLand = features
    .flatMap((f) => (f.geometry ? ringsOf(f.geometry) : []))
    .map(ringPath)
    .join('');
  return cachedLand;
}

/** Where the map sits in its stage at the zoom's scale 1: fitted whole, centred. */
export interface MapFrame {
  stageWidth: number;
  stageHeight: number;
  /** CSS pixels per map unit when fitted. */
  unit: number;
  left: number;
  top: number;
}

export function fitMap(stageWidth: number, stageHeight: number): MapFrame {
  const unit = Math.max(0.01, Math.min(stageWidth / MAP_WIDTH, stageHeight / MAP_HEIGHT));
  return { stageWidth, stageHeight, unit, left: (stageWidth - MAP_WIDTH * unit) / 2, top: (stageHeight - MAP_HEIGHT * unit) / 2 };
}

/** A zoom (zoom-pan.ts): the scale about the stage's centre and an offset in stage pixels. */
export interface MapZoom {
  scale: number;
  x: number;
  y: number;
}

/** A map point's position on the stage, in CSS pixels. */
export function toStage(frame: MapFrame, zoom: MapZoom, point: { x: number; y: number }): { x: number; y: number } {
  const cx = frame.stageWidth / 2;
  const cy = frame.stageHeight / 2;
  return {
    x: cx + zoom.x + (frame.left + point.x * frame.unit - cx) * zoom.scale,
    y: cy + zoom.y + (frame.top + point.y * frame.unit - cy) * zoom.scale,
  };
}

/** The SVG transform that draws map units where `toStage` puts them. */
export function mapTransform(frame: MapFrame, zoom: MapZoom): string {
  const origin = toStage(frame, zoom, { x: 0, y: 0 });
  return `translate(${origin.x} ${origin.y}) scale(${frame.unit * zoom.scale})`;
}
