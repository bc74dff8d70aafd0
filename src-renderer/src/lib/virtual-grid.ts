/**
 * Geometry of the virtualized thumbnail grid: which rows are on screen for a scroll position, so
 * only those cells exist in the DOM (a few hundred, whether the library holds 100 or 100 000 photos).
 */
export interface GridInput {
  /** Inner width of the scrolling area, in CSS pixels. */
  width: number;
  viewportHeight: number;
  scrollTop: number;
  count: number;
  /** Smallest cell edge; cells grow to fill the row exactly. */
  minCell: number;
  gap: number;
  /** Extra rows rendered above and below the viewport, so fast scrolling never shows blanks. */
  overscanRows: number;
}

export interface GridLayout {
  columns: number;
  cell: number;
  rowHeight: number;
  rows: number;
  totalHeight: number;
  /** First index rendered (inclusive) and last (exclusive). */
  start: number;
  end: number;
}

export function gridLayout(input: GridInput): GridLayout {
  const width = Math.max(0, input.width);
  const columns = Math.max(1, Math.floor((width + input.gap) / (input.minCell + input.gap)));
  const cell = Math.max(1, Math.floor((width - input.gap * (columns - 1)) / columns));
  const rowHeight = cell + input.gap;
  const rows = Math.ceil(input.count / columns);
  const totalHeight = Math.max(0, rows * rowHeight - input.gap);
  const firstRow = Math.max(0, Math.floor(input.scrollTop / rowHeight) - input.overscanRows);
  const lastRow = Math.min(rows, Math.ceil((input.scrollTop + input.viewportHeight) / rowHeight) + input.overscanRows);
  return { columns, cell, rowHeight, rows, totalHeight, start: firstRow * columns, end: Math.min(input.count, lastRow * columns) };
}

/** The scrollTop that brings `index` into view, or null when it already is. */
export function scrollToReveal(index: number, layout: GridLayout, scrollTop: number, viewportHeight: number): number | null {
  const top = Math.floor(index / layout.columns) * layout.rowHeight;
  const bottom = top + layout.cell;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return bottom - viewportHeight;
  return null;
}
