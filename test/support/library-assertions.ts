/** The checks every reliability test makes after a fault, on what `inspectLibrary` read. */
import { expect } from 'vitest';
import type { LibraryState } from './library-inspection';

/** Intact and whole: integrity ok, no dangling rows, every photo once with its vector, nothing marked unreadable. */
export function expectHealthy(state: LibraryState, label: string, expectedPhotos?: number): void {
  expect(state.integrity, label).toBe('ok');
  expect(state.foreignKeyProblems, label).toBe(0);
  if (expectedPhotos !== undefined) expect(state.photos, label).toBe(expectedPhotos);
  expect(state.distinctPaths, label).toBe(state.photos);
  expect(state.embeddings, label).toBe(state.photos);
  expect(state.vectors, label).toBe(state.photos);
  expect(state.errors, label).toBe(0);
}
