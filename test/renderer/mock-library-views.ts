/**
 * The mock's answers to the duplicates, folder-tree and map calls (contract-library-views.ts), the
 * way the services answer them (library-duplicates.ts, folder-tree.ts, photo-spots.ts), over the
 * mock's in-memory photos.
 */
import type { PhotoDetails, PhotoSummary } from '../../src-common/contract-app';
import type { PhotoListingRequest } from '../../src-common/contract-browse';
import type { FolderNode, PhotoSpot } from '../../src-common/contract-library-views';

export interface MockLocatedPhoto extends PhotoSummary {
  folder: string;
}

type WhereAndWhen = Pick<PhotoDetails, 'location' | 'place'>;

const parentOf = (path: string): string => path.slice(0, path.lastIndexOf('/')) || '/';
const lastPart = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** Each library folder with the subfolders holding photos, counting the photos below each. */
export function mockFolderTree(roots: readonly string[], photos: readonly MockLocatedPhoto[]): FolderNode[] {
  return roots.map((root) => {
    const top: FolderNode = { path: root, name: root, photos: 0, children: [] };
    const nodes = new Map<string, FolderNode>([[root, top]]);
    const nodeFor = (folder: string): FolderNode => {
      const known = nodes.get(folder);
      if (known) return known;
      const node: FolderNode = { path: folder, name: lastPart(folder), photos: 0, children: [] };
      nodes.set(folder, node);
      nodeFor(parentOf(folder)).children.push(node);
      return node;
    };
    for (const photo of photos.filter((p) => p.folder === root)) {
      for (let node: FolderNode | undefined = nodeFor(parentOf(photo.path)); node; node = node === top ? undefined : nodes.get(parentOf(node.path))) {
        node.photos++;
      }
    }
    return top;
  });
}

/** Whether a photo belongs to the listing's folder (a library folder or a folder inside one), place and area. */
export function inMockListing(photo: MockLocatedPhoto, request: PhotoListingRequest, where: WhereAndWhen | undefined): boolean {
  if (request.folder && photo.folder !== request.folder && !photo.path.startsWith(`${request.folder}/`)) return false;
  if (request.place) {
    // The words of the place together, as the services' text index matches a phrase.
    const place = where?.place;
    const region = place && 'region' in place && typeof place.region === 'string' ? place.region : '';
    const words = place ? ` ${[place.city, region, place.country].filter(Boolean).join(' ')} `.toLowerCase() : '';
    if (!words.includes(` ${request.place.toLowerCase()} `)) return false;
  }
  if (request.area) {
    const location = where?.location;
    if (!location) return false;
    const { south, west, north, east } = request.area;
    const insideLongitude = west <= east ? location.longitude >= west && location.longitude <= east : location.longitude >= west || location.longitude <= east;
    if (location.latitude < south || location.latitude > north || !insideLongitude) return false;
  }
  return true;
}

/** Photos with GPS, one spot per position rounded to three decimals. */
export function mockPhotoSpots(photos: readonly MockLocatedPhoto[], where: ReadonlyMap<number, WhereAndWhen>): PhotoSpot[] {
  const spots = new Map<string, PhotoSpot>();
  for (const photo of photos) {
    const location = where.get(photo.id)?.location;
    if (!location) continue;
    const latitude = Math.round(location.latitude * 1000) / 1000;
    const longitude = Math.round(location.longitude * 1000) / 1000;
    const key = `${latitude},${longitude}`;
    const spot = spots.get(key);
    if (spot) spot.photos++;
    else spots.set(key, { latitude, longitude, photos: 1 });
  }
  return [...spots.values()].sort((a, b) => b.photos - a.photos);
}
