import { COLORS, SHAPES, type ColorName, type ShapeName } from './shapes-world';

export interface EmbeddedPhoto {
  file: string;
  color: ColorName;
  shape: ShapeName;
  /** Unit length. */
  vector: Float32Array;
}

/** Text embedder: unit-length vectors for the given queries, in order. */
export type EmbedQueries = (queries: readonly string[]) => Promise<Float32Array[]>;

export interface RetrievalReport {
  photos: number;
  /** Mean over the 32 "<color> <shape>" queries of the fraction of the top 3 that match. */
  pairPrecisionAt3: number;
  /** The same with "a photo of a <color> <shape>". */
  templatedPairPrecisionAt3: number;
  /** Per photo: is the best of the 8 single-word colour queries its colour? */
  colorAccuracy: number;
  /** Per photo: is the best of the 4 single-word shape queries its shape? */
  shapeAccuracy: number;
  /** Per photo: is the best of the 32 "<color> <shape>" queries its pair? */
  pairAccuracy: number;
  /** Mean R-precision of the queries "red", …, "star": of the top R (R = photos that match), how many match. */
  singleWordRPrecision: number;
  /** Queries whose top 3 were not all right, with what came back. */
  misses: string[];
}

const article = (word: string): string => (/^[aeiou]/.test(word) ? 'an' : 'a');

export async function measureRetrieval(photos: readonly EmbeddedPhoto[], embedQueries: EmbedQueries): Promise<RetrievalReport> {
  const pairs = COLORS.flatMap((color) => SHAPES.map((shape) => ({ color, shape })));
  const pairQueries = pairs.map((p) => `${p.color} ${p.shape}`);
  const templatedQueries = pairs.map((p) => `a photo of ${article(p.color)} ${p.color} ${p.shape}`);
  const [pairVectors, templatedVectors, colorVectors, shapeVectors] = await Promise.all([
    embedQueries(pairQueries),
    embedQueries(templatedQueries),
    embedQueries([...COLORS]),
    embedQueries([...SHAPES]),
  ]);
  const misses: string[] = [];
  const precisionAt3 = (vectors: Float32Array[], queries: string[]): number =>
    mean(
      pairs.map((pair, q) => {
        const top = rank(photos, vectors[q] as Float32Array).slice(0, 3);
        const correct = top.filter((p) => p.color === pair.color && p.shape === pair.shape).length;
        if (correct < top.length) misses.push(`${queries[q]}: ${top.map((p) => `${p.color} ${p.shape}`).join(', ')}`);
        return correct / Math.max(1, top.length);
      }),
    );
  const bestOf = (vectors: Float32Array[], photo: EmbeddedPhoto): number => argmax(vectors.map((v) => dot(v, photo.vector)));
  const rPrecision = (vectors: Float32Array[], matches: Array<(p: EmbeddedPhoto) => boolean>): number[] =>
    vectors.map((vector, q) => {
      const relevant = photos.filter((p) => (matches[q] as (p: EmbeddedPhoto) => boolean)(p)).length;
      if (relevant === 0) return 1;
      return (
        rank(photos, vector)
          .slice(0, relevant)
          .filter((p) => (matches[q] as (p: EmbeddedPhoto) => boolean)(p)).length / relevant
      );
    });
  return {
    photos: photos.length,
    pairPrecisionAt3: precisionAt3(pairVectors, pairQueries),
    templatedPairPrecisionAt3: precisionAt3(templatedVectors, templatedQueries),
    colorAccuracy: mean(photos.map((p) => (COLORS[bestOf(colorVectors, p)] === p.color ? 1 : 0))),
    shapeAccuracy: mean(photos.map((p) => (SHAPES[bestOf(shapeVectors, p)] === p.shape ? 1 : 0))),
    pairAccuracy: mean(
      photos.map((p) => {
        const best = pairs[bestOf(pairVectors, p)];
        return best?.color === p.color && best.shape === p.shape ? 1 : 0;
      }),
    ),
    singleWordRPrecision: mean([
      ...rPrecision(
        colorVectors,
        COLORS.map((c) => (p: EmbeddedPhoto) => p.color === c),
      ),
      ...rPrecision(
        shapeVectors,
        SHAPES.map((s) => (p: EmbeddedPhoto) => p.shape === s),
      ),
    ]),
    misses,
  };
}

/** Photos by decreasing cosine to the query (vectors are unit length). */
function rank(photos: readonly EmbeddedPhoto[], query: Float32Array): EmbeddedPhoto[] {
  return [...photos]
    .map((p) => ({ p, score: dot(query, p.vector) }))
    .sort((a, b) => b.score - a.score)
    .map((x) => x.p);
}

export function unitVector(vector: Float32Array): Float32Array {
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => v / norm);
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

function argmax(values: readonly number[]): number {
  return values.reduce((best, v, i) => (v > (values[best] ?? -Infinity) ? i : best), 0);
}

const mean = (values: readonly number[]): number => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
