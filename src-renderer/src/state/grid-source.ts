import type { TextMatchReason } from '../../../src-common/contract';

/** What the thumbnail grid shows: browsing pages or search hits, behind one shape. */
export interface GridItem {
  id: number;
  path: string;
  width: number | null;
  height: number | null;
  /** Search match, 0…1 (the one score hits are ranked by), when the item is a hit. */
  score?: number;
  /** The raw cosine behind it, shown only when asked for in Settings. */
  rawScore?: number;
  /** Words of the search found in the file or folder names, tags or place. */
  matchedBy?: TextMatchReason[];
  /** A hit kept in a date-filtered search although it has no capture date of its own. */
  undated?: boolean;
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
