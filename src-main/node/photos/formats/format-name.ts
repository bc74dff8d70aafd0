import type { Metadata } from 'sharp';

/**
 * The format name Lumen records (and `--type` filters on) for a file libvips decoded. libvips says
 * `heif` for every HEIF container; the codec tells an AVIF from a HEIC, which people name apart.
 */
export function libvipsFormatName(metadata: Pick<Metadata, 'format' | 'compression'>): string {
  if (metadata.format === 'heif') return metadata.compression === 'av1' ? 'avif' : 'heic';
  return metadata.format ?? 'unknown';
}
