/** The demo model's whole world: one coloured shape on a grey background. */
export const COLORS = ['red', 'orange', 'yellow', 'green', 'blue', 'purple', 'pink', 'brown'] as const;
export const SHAPES = ['circle', 'square', 'triangle', 'star'] as const;
export type ColorName = (typeof COLORS)[number];
export type ShapeName = (typeof SHAPES)[number];
export type Rgb = readonly [number, number, number];
