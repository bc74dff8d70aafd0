import exifr from 'exifr';

export interface PhotoMetadata {
  /** ISO 8601 without zone (EXIF has none), or null. */
  takenAt: string | null;
  cameraMake: string | null;
  cameraModel: string | null;
}

const EMPTY: PhotoMetadata = { takenAt: null, cameraMake: null, cameraModel: null };

function cleanText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.replace(/\0/g, '').trim();
  return trimmed === '' ? null : trimmed;
}

/** EXIF stamps ("2024:07:14 18:30:05") carry no zone: keep them as local ISO text, no Date round trip. */
function toIsoLocal(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  if (!match || match[1] === '0000') return null;
  const [, y, mo, d, h, mi, s] = match;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}`;
}

/** sharp hands over the APP1 payload with its "Exif\0\0" signature; exifr wants the TIFF block. */
function tiffBlock(exif: Buffer): Buffer {
  return exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? exif.subarray(6) : exif;
}

/** Capture date and camera from an EXIF block; broken EXIF never fails a photo, it just yields nulls. */
export async function readPhotoMetadata(exif: Buffer | undefined): Promise<PhotoMetadata> {
  if (!exif) return EMPTY;
  try {
    const tags: unknown = await exifr.parse(tiffBlock(exif), {
      pick: ['DateTimeOriginal', 'CreateDate', 'ModifyDate', 'Make', 'Model'],
      reviveValues: false,
    });
    if (typeof tags !== 'object' || tags === null) return EMPTY;
    const record = tags as Record<string, unknown>;
    return {
      takenAt: toIsoLocal(record['DateTimeOriginal']) ?? toIsoLocal(record['CreateDate']) ?? toIsoLocal(record['ModifyDate']),
      cameraMake: cleanText(record['Make']),
      cameraModel: cleanText(record['Model']),
    };
  } catch {
    return EMPTY;
  }
}
