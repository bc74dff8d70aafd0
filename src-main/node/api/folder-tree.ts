/**
 * The library folders as the sidebar's tree: each library folder with the subfolders below it that
 * hold photos, and how many photos each folder holds with everything below it, counted from the
 * grid's own listing of the library folder (a Live Photo's video or a RAW beside its JPEG is no photo
 * of its own; a copy of a photo another library folder holds is listed, and so counted, in its own),
 * so that every row says what the grid shows when that folder is chosen.
 */
import { basename, dirname } from 'node:path';
import type { FolderNode } from '../../../src-common/contract-library-views';
import type { LibraryDb } from '../library/library-db';
import type { PhotoRepository } from '../library/photo-repository';
import { isInside } from '../library/path-inside';
import { photoListing } from './photo-listing';

export function folderTree(db: LibraryDb, photos: PhotoRepository): FolderNode[] {
  return photos.listRoots().map((root) => {
    // A subfolder's grid is its library folder's listing narrowed to the paths below it, so counting each listed path up its folders matches both.
    const listing = photoListing(db, photos, { folder: root.path });
    const counted = db.prepare<[typeof listing.params], { path: string }>(`SELECT photos.path AS path FROM photos WHERE ${listing.where}`);
    const top: FolderNode = { path: root.path, name: root.path, photos: 0, children: [] };
    const nodes = new Map<string, FolderNode>([[root.path, top]]);
    const nodeFor = (folder: string): FolderNode => {
      const known = nodes.get(folder);
      if (known) return known;
      const node: FolderNode = { path: folder, name: basename(folder), photos: 0, children: [] };
      nodes.set(folder, node);
      const parentPath = dirname(folder);
      // A path outside its root (never written by the indexer) is counted at the root.
      (parentPath === folder || !isInside(root.path, parentPath) ? top : nodeFor(parentPath)).children.push(node);
      return node;
    };
    for (const { path } of counted.iterate(listing.params)) {
      const folder = dirname(path);
      // A name like "..old" is a subfolder; only a path that leaves the root is counted at the root.
      let node: FolderNode | undefined = folder === root.path || !isInside(root.path, folder) ? top : nodeFor(folder);
      // Every folder from the photo's own up to the root counts it.
      while (node) {
        node.photos++;
        node = node === top ? undefined : parentOf(nodes, node, top);
      }
    }
    sortTree(top);
    return top;
  });
}

function parentOf(nodes: ReadonlyMap<string, FolderNode>, node: FolderNode, top: FolderNode): FolderNode {
  return nodes.get(dirname(node.path)) ?? top;
}

function sortTree(node: FolderNode): void {
  node.children.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' }));
  node.children.forEach(sortTree);
}
