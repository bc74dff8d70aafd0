/**
 * Colour contrast of the window's tokens (styles/app.css), light and dark: every text colour meets
 * WCAG AA (4.5:1) on the surfaces it is drawn on. axe-core checks the rendered screens in Chromium too;
 * this names the token pair that fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(join(import.meta.dirname, '..', '..', '..', 'src-renderer', 'src', 'styles', 'app.css'), 'utf8');

/** The custom properties set in the first rule whose selector is exactly `selector`. */
function tokens(selector: string): Map<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no rule for ${selector}`);
  const body = css.slice(start, css.indexOf('}', start));
  return new Map([...body.matchAll(/--([\w-]+):\s*([^;]+);/g)].map((m) => [m[1] as string, (m[2] as string).trim()]));
}

type Rgba = [number, number, number, number];

function parseColour(value: string): Rgba {
  const digits = /^#([0-9a-f]{6})$/i.exec(value)?.[1];
  if (digits) return [parseInt(digits.slice(0, 2), 16), parseInt(digits.slice(2, 4), 16), parseInt(digits.slice(4, 6), 16), 1];
  const rgb = /^rgb\((\d+) (\d+) (\d+) \/ (\d+)%\)$/.exec(value);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), Number(rgb[4]) / 100];
  throw new Error(`cannot read the colour ${value}`);
}

function over([r, g, b, a]: Rgba, [br, bg, bb]: Rgba): Rgba {
  return [r * a + br * (1 - a), g * a + bg * (1 - a), b * a + bb * (1 - a), 1];
}

function luminance([r, g, b]: Rgba): number {
  const linear = (c: number): number => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

function contrast(a: Rgba, b: Rgba): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** [text token, background token(s): a translucent one is laid over the next]. */
const PAIRS: Array<[string, string[]]> = [
  ...['text', 'text-2', 'text-3'].flatMap((text) => ['bg', 'bg-sidebar', 'surface', 'surface-2', 'cell-bg'].map((bg): [string, string[]] => [text, [bg]])),
  ['on-accent', ['accent']],
  ['on-accent', ['accent-strong']],
  ['on-danger', ['danger']],
  ['on-success', ['success']],
  ['accent-text', ['bg']],
  ['accent-text', ['surface']],
  ['accent-text', ['accent-soft', 'surface']],
  ['accent-text', ['accent-soft', 'bg-sidebar']],
  ['text', ['accent-soft', 'bg-sidebar']],
  ['danger', ['surface']],
  ['danger', ['bg']],
];

describe.each([
  ['light', ':root'],
  ['dark', ":root[data-theme='dark']"],
])('the %s theme', (_theme, selector) => {
  const light = tokens(':root');
  const own = tokens(selector);
  const value = (name: string): string => {
    const found = own.get(name) ?? light.get(name);
    if (!found) throw new Error(`--${name} is not set`);
    return found;
  };

  it.each(PAIRS)('--%s on %j reaches 4.5:1', (text, backgrounds) => {
    const layers = backgrounds.map((name) => parseColour(value(name)));
    const background = layers.reduceRight((below, layer) => over(layer, below));
    expect(contrast(parseColour(value(text)), background)).toBeGreaterThanOrEqual(4.5);
  });
});

it('the dark theme chosen by the system is the dark theme chosen by hand', () => {
  const system = css.slice(css.indexOf('@media (prefers-color-scheme: dark)'));
  const systemTokens = new Map([...system.slice(0, system.indexOf('}\n}')).matchAll(/--([\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2]]));
  expect(systemTokens).toEqual(tokens(":root[data-theme='dark']"));
});
