/** A place on Earth in WGS 84 decimal degrees; altitude in metres above sea level when known. */
export interface GeoPoint {
  latitude: number;
  longitude: number;
  altitude: number | null;
}

/**
 * The point, or null when it is no place: out of range, not a number, or exactly 0,0 (what
 * cameras and Google Takeout write when they had no fix).
 */
export function validCoordinates(latitude: number, longitude: number, altitude: number | null): GeoPoint | null {
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  if (latitude === 0 && longitude === 0) return null;
  return { latitude, longitude, altitude: altitude !== null && Number.isFinite(altitude) ? altitude : null };
}
