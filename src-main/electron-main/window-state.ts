/** Remembers the window's size, position and maximized state between runs (userData/window-state.json). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

const DEFAULT_STATE: WindowState = { width: 1280, height: 820, maximized: false };

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A saved state, or the default when the file is missing or not what we wrote. */
export function parseWindowState(text: string | null): WindowState {
  if (text === null) return { ...DEFAULT_STATE };
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const { x, y, width, height, maximized } = value;
    if (!isFiniteNumber(width) || !isFiniteNumber(height) || width < 400 || height < 300) return { ...DEFAULT_STATE };
    const state: WindowState = { width, height, maximized: maximized === true };
    if (isFiniteNumber(x) && isFiniteNumber(y)) Object.assign(state, { x, y });
    return state;
  } catch {
    return { ...DEFAULT_STATE };
  }
}

export function loadWindowState(userDataDir: string): WindowState {
  let text: string | null = null;
  try {
    text = readFileSync(join(userDataDir, 'window-state.json'), 'utf8');
  } catch {
    text = null;
  }
  return parseWindowState(text);
}

export function saveWindowState(userDataDir: string, state: WindowState): void {
  try {
    writeFileSync(join(userDataDir, 'window-state.json'), JSON.stringify(state));
  } catch {
    // Losing the window position is not worth bothering anyone about.
  }
}
