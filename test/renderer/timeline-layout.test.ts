/** The grid's geometry with date headings: each section starts a row under its heading; the scroll position finds sections by search. */
import { describe, expect, it } from 'vitest';
import { dateSections } from '../../src-renderer/src/lib/date-sections';
import { positionOf, revealTop, sectionAt, timelineGeometry, visibleTimeline } from '../../src-renderer/src/lib/timeline-layout';
import { gridLayout } from '../../src-renderer/src/lib/virtual-grid';

// 1000 px wide, cells of at least 160 with 6 px gaps: 6 columns of 161 px, rows of 167 px.
const base = { width: 1000, minCell: 160, gap: 6, headingHeight: 40 };
const sections = [
  { key: '2024-07', label: 'July 2024', count: 8 },
  { key: '2024-06', label: 'June 2024', count: 1 },
  { key: 'undated', label: 'No date', count: 3 },
];

describe('timelineGeometry', () => {
  it('starts each section on a new row below its heading', () => {
    const g = timelineGeometry({ ...base, count: 12, sections });
    expect([g.columns, g.cell, g.rowHeight]).toEqual([6, 161, 167]);
    expect(g.sections.map((s) => [s.start, s.top, s.rowsTop])).toEqual([
      [0, 0, 40],
      [8, 40 + 2 * 167, 80 + 2 * 167],
      [9, 80 + 3 * 167, 120 + 3 * 167],
    ]);
    expect(g.totalHeight).toBe(120 + 4 * 167 - 6);
    // The 7th photo of July wraps to July's second row; June's only photo starts its own row.
    expect(positionOf(g, 6)).toEqual({ x: 0, y: 40 + 167 });
    expect(positionOf(g, 7)).toEqual({ x: 167, y: 40 + 167 });
    expect(positionOf(g, 8)).toEqual({ x: 0, y: 80 + 2 * 167 });
    expect(positionOf(g, 11)).toEqual({ x: 2 * 167, y: 120 + 3 * 167 });
  });

  it('is the plain grid when there are no sections', () => {
    const g = timelineGeometry({ ...base, count: 100_000, sections: null });
    const plain = gridLayout({ width: 1000, viewportHeight: 600, scrollTop: 0, count: 100_000, minCell: 160, gap: 6, overscanRows: 0 });
    expect([g.columns, g.cell, g.rowHeight, g.totalHeight]).toEqual([plain.columns, plain.cell, plain.rowHeight, plain.totalHeight]);
    expect(visibleTimeline(g, 0, 600, 0).headings).toEqual([]);
  });
});

describe('visibleTimeline', () => {
  it('renders only the headings and rows near the viewport, deep into ten years of days', () => {
    const days = Array.from({ length: 3650 }, (_, i) => ({ key: `day-${i}`, label: `Day ${i}`, count: 1 + (i % 9) }));
    const count = days.reduce((sum, d) => sum + d.count, 0);
    const g = timelineGeometry({ ...base, count, sections: days });
    const middle = g.sections[2000];
    if (!middle) throw new Error('no section 2000');
    const view = visibleTimeline(g, middle.top, 600, 1);
    expect(view.headings[0]?.label).toBe('Day 2000');
    // One row of overscan: the last row of the day before is rendered too, then this day's photos.
    const before = g.sections[1999];
    expect(view.cells[0]?.index).toBe((before?.start ?? 0) + 6 * Math.floor(((before?.count ?? 0) - 1) / 6));
    expect(view.cells.some((c) => c.index === middle.start)).toBe(true);
    expect(view.cells.length).toBeLessThan(60);
    // Every rendered cell is where positionOf says, and inside the window (±1 row).
    for (const cell of view.cells) {
      expect(positionOf(g, cell.index)).toEqual({ x: cell.x, y: cell.y });
      expect(cell.y).toBeGreaterThanOrEqual(middle.top - g.rowHeight - g.cell);
      expect(cell.y).toBeLessThan(middle.top + 600 + g.rowHeight);
    }
    expect(view.end - view.start).toBe(view.cells.length);
  });

  it('finds the section at any offset', () => {
    const g = timelineGeometry({ ...base, count: 12, sections });
    expect([0, 39, 40 + 2 * 167 - 1, 40 + 2 * 167, 10_000].map((y) => sectionAt(g, y))).toEqual([0, 0, 0, 1, 2]);
  });
});

describe('revealTop', () => {
  it('shows the heading with the first row of a section, and scrolls just enough otherwise', () => {
    const g = timelineGeometry({ ...base, count: 12, sections });
    expect(revealTop(g, 0, 0, 600)).toBeNull();
    expect(revealTop(g, 8, 1000, 600)).toBe(g.sections[1]?.top);
    expect(revealTop(g, 11, 0, 300)).toBe(120 + 3 * 167 + 161 - 300);
  });
});

describe('dateSections', () => {
  const days = [
    { day: '2024-07-14', count: 3 },
    { day: '2024-07-02', count: 1 },
    { day: '2023-12-31', count: 2 },
    { day: null, count: 4 },
  ];

  it('makes one heading per day or per month, undated last, as the camera wrote the date', () => {
    expect(dateSections(days, 'day')).toEqual([
      { key: '2024-07-14', label: 'Sun, 14 July 2024', count: 3 },
      { key: '2024-07-02', label: 'Tue, 2 July 2024', count: 1 },
      { key: '2023-12-31', label: 'Sun, 31 December 2023', count: 2 },
      { key: 'undated', label: 'No date', count: 4 },
    ]);
    expect(dateSections(days, 'month')).toEqual([
      { key: '2024-07', label: 'July 2024', count: 4 },
      { key: '2023-12', label: 'December 2023', count: 2 },
      { key: 'undated', label: 'No date', count: 4 },
    ]);
    expect(dateSections(days, 'none')).toBeNull();
    expect(dateSections([], 'month')).toBeNull();
    expect(dateSections([{ day: null, count: 9 }], 'day')).toBeNull();
  });
});
