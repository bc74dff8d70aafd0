/**
 * Grid selection the way file managers do it: click selects one, Ctrl/Cmd-click toggles,
 * Shift-click and Shift-arrows extend from the anchor; the focused cell moves with the arrows.
 */
import { SvelteSet } from 'svelte/reactivity';

export interface PointerModifiers {
  shift: boolean;
  toggle: boolean;
}

export class SelectionState {
  readonly selected = new SvelteSet<number>();
  focus = $state(0);
  private anchor = 0;

  has(index: number): boolean {
    return this.selected.has(index);
  }

  get size(): number {
    return this.selected.size;
  }

  click(index: number, modifiers: PointerModifiers): void {
    if (modifiers.shift) this.selectRange(this.anchor, index);
    else if (modifiers.toggle) {
      if (this.selected.has(index)) this.selected.delete(index);
      else this.selected.add(index);
      this.anchor = index;
    } else {
      this.selected.clear();
      this.selected.add(index);
      this.anchor = index;
    }
    this.focus = index;
  }

  /** Moves focus by `delta` cells, clamped to the grid; selects the new cell (extending with Shift). */
  move(delta: number, count: number, extend: boolean): void {
    if (count === 0) return;
    const next = Math.min(count - 1, Math.max(0, this.focus + delta));
    if (extend) this.selectRange(this.anchor, next);
    else {
      this.selected.clear();
      this.selected.add(next);
      this.anchor = next;
    }
    this.focus = next;
  }

  selectAll(count: number): void {
    this.selected.clear();
    for (let i = 0; i < count; i++) this.selected.add(i);
  }

  clear(): void {
    this.selected.clear();
    this.focus = 0;
    this.anchor = 0;
  }

  private selectRange(from: number, to: number): void {
    this.selected.clear();
    for (let i = Math.min(from, to); i <= Math.max(from, to); i++) this.selected.add(i);
  }
}
