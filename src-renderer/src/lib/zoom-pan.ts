/**
 * Zoom and pan of the viewer's photo as plain numbers: a scale (1 = fitted to the stage) and an
 * offset in stage pixels. Zooming about a point keeps that point under the pointer (or the centre
 * for keys and buttons); panning stops where the photo's edge would leave the stage's edge, so
 * the photo can never be lost off screen.
 */
export interface ZoomView {
  scale: number;
  x: number;
  y: number;
}

export const MIN_SCALE = 1;
export const MAX_SCALE = 8;
/** One key press or button click, or one notch of the wheel. */
export const ZOOM_STEP = 1.25;

export const FITTED: ZoomView = { scale: 1, x: 0, y: 0 };

/** The photo's fitted size on the stage and the stage's own size, both in CSS pixels. */
export interface ZoomBounds {
  width: number;
  height: number;
  stageWidth: number;
  stageHeight: number;
}

function clampOffset(view: ZoomView, bounds: ZoomBounds): ZoomView {
  // How far the scaled photo reaches past the stage on each side (0 while it is smaller).
  const spareX = Math.max(0, (bounds.width * view.scale - bounds.stageWidth) / 2);
  const spareY = Math.max(0, (bounds.height * view.scale - bounds.stageHeight) / 2);
  return { scale: view.scale, x: Math.min(spareX, Math.max(-spareX, view.x)), y: Math.min(spareY, Math.max(-spareY, view.y)) };
}

/**
 * Zooms by `factor` about a point given relative to the stage's centre (0, 0: the centre), so the
 * photo's point under it stays there; never beyond `maxScale` (the map goes further than a photo).
 */
export function zoomAt(view: ZoomView, factor: number, point: { x: number; y: number }, bounds: ZoomBounds, maxScale = MAX_SCALE): ZoomView {
  const scale = Math.min(maxScale, Math.max(MIN_SCALE, view.scale * factor));
  if (scale === MIN_SCALE) return FITTED;
  const ratio = scale / view.scale;
  return clampOffset({ scale, x: point.x - (point.x - view.x) * ratio, y: point.y - (point.y - view.y) * ratio }, bounds);
}

export function panBy(view: ZoomView, dx: number, dy: number, bounds: ZoomBounds): ZoomView {
  return clampOffset({ scale: view.scale, x: view.x + dx, y: view.y + dy }, bounds);
}

/** The photo's fitted size for a rotation: a quarter turn swaps width and height. */
export function turnedSize(width: number, height: number, rotation: number): { width: number; height: number } {
  return rotation % 180 === 0 ? { width, height } : { width: height, height: width };
}
