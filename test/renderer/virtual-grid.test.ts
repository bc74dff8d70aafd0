import { describe, expect, it } from 'vitest';
import { gridLayout, scrollToReveal } from '../../src-renderer/src/lib/virtual-grid';

const base = { width: 1000, viewportHeight: 600, scrollTop: 0, count: 100_000, minCell: 160, gap: 6, overscanRows: 2 };

describe('gridLayout', () => {
  it('fills the width with whole columns and renders only rows near the viewport', () => {
    const layout = gridLayout(base);
    expect(layout.columns).toBe(6);
    expect(layout.cell * 6 + 5 * 6).toBeLessThanOrEqual(1000);
    expect(layout.rows).toBe(Math.ceil(100_000 / 6));
    expect(layout.start).toBe(0);
    expect(layout.end - layout.start).toBeLessThanOrEqual(6 * (Math.ceil(600 / layout.rowHeight) + 2));
  });

  it('moves the rendered window with the scroll position, deep into the library', () => {
    const layout = gridLayout({ ...base, scrollTop: 1_000_000 });
    const firstVisibleRow = Math.floor(1_000_000 / layout.rowHeight);
    expect(layout.start).toBe((firstVisibleRow - 2) * layout.columns);
    expect(layout.end).toBeLessThanOrEqual(100_000);
    expect(layout.end - layout.start).toBeLessThan(80);
  });

  it('stops at the last photo and copes with an empty or zero-width grid', () => {
    const bottom = gridLayout({ ...base, scrollTop: 10_000_000 });
    expect(bottom.end).toBe(100_000);
    expect(gridLayout({ ...base, count: 0 })).toMatchObject({ start: 0, end: 0, totalHeight: 0 });
    expect(gridLayout({ ...base, width: 0 }).columns).toBe(1);
  });
});

describe('scrollToReveal', () => {
  it('scrolls just enough to show a cell above or below the viewport', () => {
    const layout = gridLayout(base);
    expect(scrollToReveal(0, layout, 0, 600)).toBeNull();
    const below = scrollToReveal(6 * 10, layout, 0, 600);
    expect(below).toBe(10 * layout.rowHeight + layout.cell - 600);
    expect(scrollToReveal(0, layout, 5000, 600)).toBe(0);
  });
});
