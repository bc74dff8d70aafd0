/**
 * Captions the generated tokenizers learn their vocabulary from, and that parity tests embed.
 * Real words about the fixture photos, plus digits, punctuation, case and accents so every
 * normalizer and pre-tokenizer step has something to do.
 */
export const REFERENCE_TEXTS: readonly string[] = [
  'a photo of an astronaut',
  'a black and white photo of a camera man',
  'a cat sitting on the floor',
  'a cup of coffee on a table',
  'a horse drawing in the sand',
  'the Hubble deep field: thousands of galaxies',
  'a red motorcycle seen from the left',
  'a page of old printed text',
  'a rocket launching into the sky',
  'black text on a white background',
  'Two kids on a red bike at dusk!',
  'a photo of 2 cats and 3 dogs',
  "café au lait, s'il vous plaît",
  'ASTRONAUT in SPACE',
  'sunset over the mountains, with a lake',
  'a',
  '',
];

/** Extra words so the vocabulary is not only the test texts. */
export const EXTRA_WORDS =
  'the a an of in on at with and or to from by for is are was be this that photo picture image drawing painting ' +
  'red green blue yellow orange purple pink brown black white grey gray dark light bright ' +
  'cat dog horse bird fish car bike bus train plane boat rocket camera man woman child kids people person face ' +
  'tree flower grass sky cloud sun moon star space galaxy planet mountain lake river sea beach city street house ' +
  'coffee tea cup table chair book page text letter word number one two three four five six seven eight nine ten';

/** Queries in other languages, for the multilingual text tower (its tokenizer must know their scripts). */
export const MULTILINGUAL_TEXTS: readonly string[] = [
  'eine Katze auf dem Boden',
  'un gato sentado en el suelo',
  'une fusée qui décolle dans le ciel',
  'un astronauta nello spazio',
  'кошка сидит на полу',
  '宇宙飛行士の写真',
  'ο ήλιος δύει πάνω από τα βουνά',
  'een kopje koffie op tafel',
];
