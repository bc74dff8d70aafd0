/**
 * Geometry of the virtualized grid with date headings: each section (a day or a month) is a heading
 * followed by its own rows, so a new day always starts a new row. Section tops are computed once per
 * width and listing; the scroll position then picks the visible sections by binary search, so the
 * cost per frame does not grow with the library (10 years of days are ~3 650 sections).
 * A grid without sections is one section without a heading: the plain grid.
 */
import type { GridSection } from '../state/grid-source';

export interface TimelineInput {
  /** Inner width of the scrolling area, in CSS pixels. */
  width: number;
  count: number;
  minCell: number;
  gap: number;
  /** Height of a section's heading row (0: no headings). */
  headingHeight: number;
  /** Sections in grid order, their counts adding up to `count`; null for a grid without headings. */
  sections: readonly GridSection[] | null;
}

export interface PlacedSection {
  key: string;
  label: string | null;
  /** Index of its first item. */
  start: number;
  count: number;
  /** Top of its heading (or of its first row without headings), in pixels. */
  top: number;
  /** Top of its first row. */
  rowsTop: number;
  /** Pixels from its top to the next section's top. */
  height: number;
}

export interface TimelineGeometry {
  columns: number;
  cell: number;
  gap: number;
  rowHeight: number;
  totalHeight: number;
  sections: PlacedSection[];
}

export interface VisibleTimeline {
  cells: Array<{ index: number; x: number; y: number }>;
  headings: Array<{ key: string; label: string; y: number }>;
  /** First index rendered (inclusive) and last (exclusive). */
  start: number;
  end: number;
}

export function timelineGeometry(input: TimelineInput): TimelineGeometry {
  const width = Math.max(0, input.width);
  const columns = Math.max(1, Math.floor((width + input.gap) / (input.minCell + input.gap)));
  const cell = Math.max(1, Math.floor((width - input.gap * (columns - 1)) / columns));
  const rowHeight = cell + input.gap;
  const given = input.sections && input.sections.length > 0 ? input.sections : null;
  const list = given ?? [{ key: 'all', label: null, count: input.count }];
  const headingHeight = given ? input.headingHeight : 0;
  const sections: PlacedSection[] = [];
  let top = 0;
  let start = 0;
  for (const section of list) {
    const rows = Math.ceil(section.count / columns);
    const height = headingHeight + rows * rowHeight;
    sections.push({ key: section.key, label: given ? section.label : null, start, count: section.count, top, rowsTop: top + headingHeight, height });
    top += height;
    start += section.count;
  }
  return { columns, cell, gap: input.gap, rowHeight, totalHeight: Math.max(0, top - input.gap), sections };
}

/** The section at a pixel offset (the last one whose top is at or above it). */
export function sectionAt(geometry: TimelineGeometry, y: number): number {
  const { sections } = geometry;
  let low = 0;
  let high = sections.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((sections[middle]?.top ?? 0) <= y) low = middle;
    else high = middle - 1;
  }
  return Math.max(0, low);
}

/** The section holding item `index`. */
export function sectionOf(geometry: TimelineGeometry, index: number): number {
  const { sections } = geometry;
  let low = 0;
  let high = sections.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((sections[middle]?.start ?? 0) <= index) low = middle;
    else high = middle - 1;
  }
  return Math.max(0, low);
}

/** Where item `index` sits, in pixels from the top-left of the canvas. */
export function positionOf(geometry: TimelineGeometry, index: number): { x: number; y: number } {
  const section = geometry.sections[sectionOf(geometry, index)];
  const within = index - (section?.start ?? 0);
  const row = Math.floor(within / geometry.columns);
  const column = within % geometry.columns;
  return { x: column * (geometry.cell + geometry.gap), y: (section?.rowsTop ?? 0) + row * geometry.rowHeight };
}

/** The cells and headings within the viewport, plus `overscanRows` rows above and below. */
export function visibleTimeline(geometry: TimelineGeometry, scrollTop: number, viewportHeight: number, overscanRows: number): VisibleTimeline {
  const overscan = overscanRows * geometry.rowHeight;
  const from = scrollTop - overscan;
  const to = scrollTop + viewportHeight + overscan;
  const cells: VisibleTimeline['cells'] = [];
  const headings: VisibleTimeline['headings'] = [];
  let start = -1;
  let end = 0;
  for (let s = sectionAt(geometry, Math.max(0, from)); s < geometry.sections.length; s++) {
    const section = geometry.sections[s];
    if (!section || section.top > to) break;
    if (section.label !== null && section.rowsTop > from) headings.push({ key: section.key, label: section.label, y: section.top });
    const rows = Math.ceil(section.count / geometry.columns);
    const firstRow = Math.max(0, Math.floor((from - section.rowsTop) / geometry.rowHeight));
    const lastRow = Math.min(rows, Math.ceil((to - section.rowsTop) / geometry.rowHeight));
    for (let row = firstRow; row < lastRow; row++) {
      for (let column = 0; column < geometry.columns; column++) {
        const within = row * geometry.columns + column;
        if (within >= section.count) break;
        const index = section.start + within;
        if (start < 0) start = index;
        end = index + 1;
        cells.push({ index, x: column * (geometry.cell + geometry.gap), y: section.rowsTop + row * geometry.rowHeight });
      }
    }
  }
  return { cells, headings, start: Math.max(0, start), end };
}

/** The scrollTop that brings item `index` (and its section's heading, when it is the first row) into view, or null when it already is. */
export function revealTop(geometry: TimelineGeometry, index: number, scrollTop: number, viewportHeight: number): number | null {
  const { y } = positionOf(geometry, index);
  const section = geometry.sections[sectionOf(geometry, index)];
  const top = section && y === section.rowsTop ? section.top : y;
  const bottom = y + geometry.cell;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return bottom - viewportHeight;
  return null;
}
