/**
 * The sidebar's folder tree: each library folder's subfolders with their photo counts, and which
 * branches are open. Read again whenever the library's status changes (indexing, a folder added or
 * removed), so the counts follow the library.
 */
import { SvelteSet } from 'svelte/reactivity';
import type { FolderNode } from '../../../src-common/contract-library-views';
import type { LumenClient } from '../api/lumen-client';

export class FolderTreeState {
  /** The tree under each library folder, in the library's order. */
  roots = $state.raw<readonly FolderNode[]>([]);
  /** Folders whose subfolders are shown. */
  readonly expanded = new SvelteSet<string>();
  private generation = 0;

  constructor(private readonly client: LumenClient) {}

  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const result = await this.client.listFolderTree();
    // Without the tree the sidebar still lists the library folders themselves.
    if (!result.ok || generation !== this.generation) return;
    this.roots = result.value;
  }

  /** A library folder's tree (none until the tree has been read). */
  nodeOf(root: string): FolderNode | undefined {
    return this.roots.find((node) => node.path === root);
  }

  toggle(path: string): void {
    if (this.expanded.has(path)) this.expanded.delete(path);
    else this.expanded.add(path);
  }

  /** Opens every branch down to `folder`, so the open folder's row can be seen. */
  reveal(folder: string): void {
    for (const root of this.roots) {
      const trail = trailTo(root, folder);
      if (trail) for (const node of trail.slice(0, -1)) this.expanded.add(node.path);
    }
  }
}

/** The nodes from `node` down to the folder, or null when it is not below `node`. */
function trailTo(node: FolderNode, folder: string): FolderNode[] | null {
  if (node.path === folder) return [node];
  for (const child of node.children) {
    const below = trailTo(child, folder);
    if (below) return [node, ...below];
  }
  return null;
}
