import { realpath } from 'node:fs/promises';
import type { ClassifiedPhoto } from '../../../src-common/contract';

/** For each listed file, the index of its first listing (the same real file, however named: `a.jpg`, `./a.jpg`, a link). */
export async function firstListings(files: readonly string[]): Promise<number[]> {
  const keys = await Promise.all(files.map((file) => realpath(file).catch(() => file)));
  const first = new Map<string, number>();
  return keys.map((key, i) => {
    if (!first.has(key)) first.set(key, i);
    return first.get(key) as number;
  });
}

/**
 * One outcome per listing, in the order given: the first listing of a file gets what classifying
 * it did (`outcomes` holds those, in order of first listing); a repeat gets the same categories
 * and a note, and is not copied or moved a second time.
 */
export function withRepeatedListings(files: readonly string[], firstListing: readonly number[], outcomes: readonly ClassifiedPhoto[]): ClassifiedPhoto[] {
  const byFirst = new Map([...new Set(firstListing)].map((index, i) => [index, outcomes[i] as ClassifiedPhoto]));
  return files.map((path, i) => {
    const firstIndex = firstListing[i] as number;
    const result = byFirst.get(firstIndex) as ClassifiedPhoto;
    if (firstIndex === i) return result;
    const first = files[firstIndex] as string;
    const which = first === path ? 'it' : `it is the same file as ${first}, which`;
    return { path, outcome: result.outcome, ranked: result.ranked, destination: null, note: `listed more than once: ${which} was handled once, above` };
  });
}
