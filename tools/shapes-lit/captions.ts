import { COLORS, SHAPES, type ColorName, type ShapeName } from './shapes-world';

/** A training caption and what it says: a colour, a shape, or both (null = not mentioned). */
export interface Caption {
  text: string;
  color: ColorName | null;
  shape: ShapeName | null;
}

/** Words that carry no label: templates use them, and they must not pull the text vector anywhere. */
export const FILLER_WORDS = [
  'a',
  'an',
  'the',
  'photo',
  'picture',
  'image',
  'of',
  'with',
  'shape',
  'shaped',
  'on',
  'grey',
  'gray',
  'background',
  'and',
  'in',
  'colored',
  'coloured',
  'some',
  'one',
  'this',
  'is',
  'that',
  'something',
  'single',
  '.',
  ',',
  '!',
  '?',
] as const;

/** Out-of-vocabulary words seen as [UNK] in training, so unknown words in a query stay harmless. */
export const UNKNOWN_WORDS = ['nice', 'big', 'small', 'bright', 'pretty', 'simple'] as const;

export const plural = (shape: ShapeName): string => `${shape}s`;
const article = (word: string): string => (/^[aeiou]/.test(word) ? 'an' : 'a');

/** Every caption the text tower is trained on: pairs, colour only and shape only, in many phrasings. */
export function trainingCaptions(): Caption[] {
  const captions: Caption[] = [];
  for (const color of COLORS) {
    for (const shape of SHAPES) {
      const texts = [
        `${color} ${shape}`,
        `${article(color)} ${color} ${shape}`,
        `the ${color} ${shape}`,
        `a photo of ${article(color)} ${color} ${shape}`,
        `a picture of ${article(color)} ${color} ${shape}`,
        `an image of ${article(color)} ${color} ${shape}`,
        `${article(color)} ${color} ${shape} on a grey background`,
        `${color} ${plural(shape)}`,
        `${article(shape)} ${shape} that is ${color}`,
        `${article(color)} ${color} colored ${shape}`,
        `${article(color)} ${UNKNOWN_WORDS[(COLORS.indexOf(color) + SHAPES.indexOf(shape)) % UNKNOWN_WORDS.length]} ${color} ${shape}`,
      ];
      captions.push(...texts.map((text) => ({ text, color, shape })));
    }
  }
  for (const color of COLORS) {
    const texts = [color, `${article(color)} ${color} shape`, `something ${color}`, `a photo of something ${color}`, `${color} colored`, `the color ${color}`];
    captions.push(...texts.map((text) => ({ text, color, shape: null })));
  }
  for (const shape of SHAPES) {
    const texts = [
      shape,
      `${article(shape)} ${shape}`,
      `a photo of ${article(shape)} ${shape}`,
      plural(shape),
      `${article(shape)} ${shape} shape`,
      `the ${shape}`,
    ];
    captions.push(...texts.map((text) => ({ text, color: null, shape })));
  }
  return captions;
}

/** Whether an image of (color, shape) is a positive for the caption. */
export const captionMatches = (caption: Caption, color: ColorName, shape: ShapeName): boolean =>
  (caption.color === null || caption.color === color) && (caption.shape === null || caption.shape === shape);
