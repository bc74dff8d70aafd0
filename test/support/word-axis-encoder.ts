/**
 * A tiny deterministic ImageTextEncoder for fast service tests: one axis per known word; a text's
 * vector is the unit sum of its words' axes, and an image "path" names its words
 * (`/outside/red-star.png`). Not a model: the expected rankings follow from the vectors by construction.
 */
import type { ImageSource, ImageVectorOutcome } from '../../src-main/node/indexer/embed-worker/protocol';
import type { ImageTextEncoder } from '../../src-main/node/inference/image-text-encoder';

export const WORDS = ['red', 'blue', 'green', 'square', 'circle', 'star', 'dog', 'cat'];
export const WORD_AXES_DIM = WORDS.length;

/** The unit vector of the words' axes (unknown words add nothing). */
export function vectorOf(words: readonly string[]): Float32Array {
  const vector = new Float32Array(WORD_AXES_DIM);
  for (const word of words) {
    const axis = WORDS.indexOf(word);
    if (axis >= 0) vector[axis] = (vector[axis] as number) + 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((x) => x / norm);
}

/** One axis per word; an image "path" names its words (`/outside/red-star.png`). Records what it was asked. */
export class WordAxisEncoder implements ImageTextEncoder {
  readonly textsAsked: string[][] = [];

  embedTexts(texts: string[]): Promise<Float32Array[]> {
    this.textsAsked.push(texts);
    return Promise.resolve(texts.map((text) => vectorOf(text.toLowerCase().split(/\s+/))));
  }

  embedImages(images: ImageSource[]): Promise<ImageVectorOutcome[]> {
    return Promise.resolve(
      images.map((image): ImageVectorOutcome => {
        if (!('path' in image)) return { ok: false, reason: 'no bytes in this encoder' };
        const name =
          image.path
            .split('/')
            .pop()
            ?.replace(/\.\w+$/, '') ?? '';
        return { ok: true, vector: vectorOf(name.split('-')) };
      }),
    );
  }
}
