import type { Prng } from './prng';
import type { ColorName, Rgb } from './shapes-world';

/**
 * Shades people and plotting libraries use for each colour name: CSS named colours, matplotlib's
 * tab10 and Set1, Tailwind, Material, Flat UI, Okabe–Ito, xkcd survey colours. Training draws from
 * all of them (plus jitter) because photos from other programs pick their own shades. Names that
 * sit between two classes (tomato, coral, orange-red, magenta, violet, maroon, olive, tan) are left
 * out rather than given an arbitrary label.
 */
export const COLOR_ANCHORS: Readonly<Record<ColorName, readonly Rgb[]>> = {
  red: [
    [255, 0, 0], [220, 20, 60], [178, 34, 34], [139, 0, 0], [205, 92, 92], [214, 39, 40], [239, 68, 68],
    [220, 38, 38], [185, 28, 28], [229, 0, 0], [231, 76, 60], [244, 67, 54], [211, 47, 47],
    [230, 25, 75], [228, 26, 28], [200, 16, 46], [255, 40, 40],
  ],
  orange: [
    [255, 165, 0], [255, 140, 0], [255, 127, 14], [249, 115, 22], [234, 88, 12], [251, 146, 60], [249, 115, 6],
    [255, 128, 0], [243, 156, 18], [230, 126, 34], [255, 152, 0], [245, 124, 0], [255, 127, 0], [245, 130, 48],
    [230, 159, 0], [253, 126, 20], [255, 179, 71],
  ],
  yellow: [
    [255, 255, 0], [255, 215, 0], [250, 204, 21], [234, 179, 8], [255, 255, 20], [255, 235, 59], [253, 216, 53],
    [241, 196, 15], [255, 225, 25], [255, 255, 51], [240, 228, 66], [255, 239, 0], [250, 250, 110], [255, 193, 7],
    [255, 221, 0], [253, 224, 71],
  ],
  green: [
    [0, 128, 0], [0, 255, 0], [50, 205, 50], [34, 139, 34], [44, 160, 44], [34, 197, 94], [22, 163, 74],
    [46, 139, 87], [60, 179, 113], [0, 100, 0], [21, 176, 26], [46, 204, 113], [39, 174, 96], [76, 175, 80],
    [56, 142, 60], [77, 175, 74], [60, 180, 75], [0, 158, 115], [124, 252, 0], [0, 200, 83], [16, 185, 129],
  ],
  blue: [
    [0, 0, 255], [65, 105, 225], [30, 144, 255], [31, 119, 180], [59, 130, 246], [37, 99, 235], [0, 0, 205],
    [0, 0, 128], [0, 0, 139], [70, 130, 180], [100, 149, 237], [3, 67, 223], [52, 152, 219], [41, 128, 185],
    [33, 150, 243], [25, 118, 210], [55, 126, 184], [0, 130, 200], [0, 114, 178], [0, 191, 255], [29, 78, 216],
  ],
  purple: [
    [128, 0, 128], [102, 51, 153], [138, 43, 226], [153, 50, 204], [148, 103, 189], [168, 85, 247], [147, 51, 234],
    [147, 112, 219], [75, 0, 130], [148, 0, 211], [126, 30, 156], [155, 89, 182], [142, 68, 173], [156, 39, 176],
    [123, 31, 162], [152, 78, 163], [145, 30, 180], [186, 85, 211], [106, 13, 173], [124, 58, 237],
  ],
  pink: [
    [255, 192, 203], [255, 105, 180], [255, 20, 147], [227, 119, 194], [236, 72, 153], [244, 114, 182],
    [255, 182, 193], [219, 112, 147], [199, 21, 133], [255, 129, 192], [233, 30, 99], [240, 98, 146],
    [247, 129, 191], [250, 190, 212], [255, 0, 127], [219, 39, 119], [249, 168, 212],
  ],
  brown: [
    [165, 42, 42], [139, 69, 19], [160, 82, 45], [140, 86, 75], [101, 55, 0], [146, 64, 14], [120, 53, 15],
    [210, 105, 30], [205, 133, 63], [150, 75, 0], [123, 63, 0], [166, 86, 40], [170, 110, 40], [184, 134, 11],
    [133, 94, 66], [128, 70, 27],
  ],
};

/** Largest per-channel jitter around an anchor: wide enough to cover "their" shade of our anchors. */
const JITTER = 10;
/** Every shade keeps max − min ≥ this (0–255), so no shape is drawn in a colour that reads as grey. */
export const MIN_SHADE_CHROMA = 45;

/** A shade for the name: a random anchor, each channel moved by up to ±JITTER, never greyish. */
export function sampleShade(rng: Prng, color: ColorName): Rgb {
  const anchor = rng.pick(COLOR_ANCHORS[color]);
  for (;;) {
    const [r, g, b] = anchor.map((c) => Math.min(255, Math.max(0, Math.round(c + rng.uniform(-JITTER, JITTER)))));
    if (r !== undefined && g !== undefined && b !== undefined && Math.max(r, g, b) - Math.min(r, g, b) >= MIN_SHADE_CHROMA) return [r, g, b];
  }
}
