import { meanOfUnits, unit } from '../search/vector-math';

/**
 * Prompt templates averaged per class, after the CLIP paper's prompt ensembling (§3.1.4): a label
 * alone is ambiguous to a text tower trained on captions, and the mean of several captions is a
 * steadier class vector than any one of them.
 */
export const DEFAULT_PROMPT_TEMPLATES: readonly string[] = ['a photo of a {}.', 'a picture of a {}.', 'an image of a {}.', 'a photo of the {}.', '{}'];

/** Every caption for a class: each description in each template. */
export function captionsFor(descriptions: readonly string[], templates: readonly string[] = DEFAULT_PROMPT_TEMPLATES): string[] {
  return descriptions.flatMap((description) => templates.map((template) => template.replaceAll('{}', description)));
}

/** Embeds the captions of several classes in one worker call and returns one unit vector per class. */
export async function classTextVectors(
  embedTexts: (texts: string[]) => Promise<Float32Array[]>,
  classes: ReadonlyArray<readonly string[]>,
  dim: number,
  templates: readonly string[] = DEFAULT_PROMPT_TEMPLATES,
): Promise<Float32Array[]> {
  const captions = classes.map((descriptions) => captionsFor(descriptions, templates));
  const vectors = await embedTexts(captions.flat());
  let next = 0;
  return captions.map((list) => {
    const own = vectors.slice(next, next + list.length);
    next += list.length;
    return unit(meanOfUnits(own, dim));
  });
}
