import type { ResizeRule } from './preprocess-spec';

/**
 * Output size of the resize step, computed as transformers.js computes it (including its rounding
 * to two decimals before flooring) so the same photo gives the same tensor in both.
 */
export function resizeTarget(width: number, height: number, rule: ResizeRule): { width: number; height: number } {
  if (rule.kind === 'exact') return { width: rule.width, height: rule.height };
  const shortFactor = rule.shortestEdge === null ? 1 : Math.max(rule.shortestEdge / width, rule.shortestEdge / height);
  const scaledWidth = width * shortFactor;
  const scaledHeight = height * shortFactor;
  const longFactor = rule.longestEdge === null ? 1 : Math.min(rule.longestEdge / scaledWidth, rule.longestEdge / scaledHeight);
  return {
    // Never below one pixel: a 6000×1 strip must not become a 0-wide tensor.
    width: Math.max(1, Math.floor(Number((scaledWidth * longFactor).toFixed(2)))),
    height: Math.max(1, Math.floor(Number((scaledHeight * longFactor).toFixed(2)))),
  };
}
