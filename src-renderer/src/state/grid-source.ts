/** What the thumbnail grid shows: browsing pages or search hits, behind one shape. */
export interface GridItem {
  id: number;
  path: string;
  width: number | null;
  height: number | null;
  /** Search score, when the item is a hit. */
  score?: number;
  /** A video hit: the moment (ms) of its best-matching frame, where the viewer starts playing. */
  videoAtMs?: number;
}

/** A run of consecutive items under one date heading (a day or a month). */
export interface GridSection {
  key: string;
  label: string;
  count: number;
}

export interface GridSource {
  readonly count: number;
  /** Date headings between the rows, in order (their counts add up to `count`); absent or null: none. */
  readonly sections?: readonly GridSection[] | null;
  item(index: number): GridItem | undefined;
  /** Loads what is needed to show items start…end-1 (browsing loads pages lazily). */
  ensure(start: number, end: number): void;
}
