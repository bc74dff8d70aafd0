import { readdir } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';

/** `photo.jpg` → `photo.xmp` next to it: the sidecar name Lightroom, digiKam and darktable (as an option) all read. */
export function sidecarPathOf(photoPath: string): string {
  return join(dirname(photoPath), `${basename(photoPath, extname(photoPath))}.xmp`);
}

/** `photo.jpg` → `photo.jpg.xmp`: the form digiKam and darktable read, unambiguous when two photos share a stem. */
export function fullNameSidecarPathOf(photoPath: string): string {
  return `${photoPath}.xmp`;
}

function stemKey(name: string): string {
  // Compared without case: on macOS and Windows disks `Photo.xmp` and `photo.xmp` are one file.
  return basename(name, extname(name)).toLowerCase();
}

/**
 * Chooses each photo's sidecar name. `photo.xmp` is the usual one, but `photo.jpg` and `photo.png`
 * (or a RAW and its JPEG, a Live Photo's picture and video) in one folder would share it, and the
 * tags of one would land in the other's. Those get `photo.jpg.xmp` and `photo.png.xmp`; so does a
 * photo whose `photo.jpg.xmp` is already there (written by digiKam, or by Lumen during an earlier
 * clash). Folder listings are read once per instance: make one per export.
 */
export class SidecarNames {
  private readonly listings = new Map<string, Promise<ReadonlySet<string>>>();

  async pathFor(photoPath: string): Promise<string> {
    const names = await this.listing(dirname(photoPath));
    const photoName = basename(photoPath);
    if (names.has(`${photoName}.xmp`)) return fullNameSidecarPathOf(photoPath);
    const stem = stemKey(photoName);
    const shared = [...names].some((name) => name !== photoName && !name.startsWith('.') && extname(name).toLowerCase() !== '.xmp' && stemKey(name) === stem);
    return shared ? fullNameSidecarPathOf(photoPath) : sidecarPathOf(photoPath);
  }

  private listing(folder: string): Promise<ReadonlySet<string>> {
    let names = this.listings.get(folder);
    if (!names) {
      names = readdir(folder).then(
        (entries) => new Set(entries),
        () => new Set<string>(),
      );
      this.listings.set(folder, names);
    }
    return names;
  }
}
