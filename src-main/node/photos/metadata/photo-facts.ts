import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { dateFromFileName } from './file-name-date';
import type { GeoPoint } from './geo-point';
import { readTakeoutSidecar, type TakeoutFacts } from './takeout-sidecar';
import { embeddedXmp, readXmp, type XmpFacts } from './xmp-metadata';
import { offsetFromMinutes, wallClock } from './zoned-time';
import type { PhotoMetadata } from '../photo-metadata';

import type { TakenAtSource } from '../../../../src-common/contract';

export type { TakenAtSource };

export interface PhotoFacts {
  takenAt: string;
  takenAtSource: TakenAtSource;
  timeOffset: string | null;
  cameraMake: string | null;
  cameraModel: string | null;
  location: GeoPoint | null;
}

export interface PhotoFactSources {
  path: string;
  bytes: Uint8Array;
  mtimeMs: number;
  /** What the photo's EXIF said (see readPhotoMetadata). */
  exif: PhotoMetadata;
}

/** A sidecar XMP as digiKam/darktable (`photo.jpg.xmp`) or Lightroom (`photo.xmp`) write it. */
async function readXmpSidecar(path: string): Promise<XmpFacts | null> {
  const stem = path.slice(0, path.length - extname(path).length);
  for (const candidate of [`${path}.xmp`, `${stem}.xmp`, `${path}.XMP`, `${stem}.XMP`]) {
    try {
      return readXmp(await readFile(candidate, 'utf8'));
    } catch {
      // No sidecar by this name.
    }
  }
  return null;
}

/** Minutes this machine's zone was ahead of UTC at that instant. */
function localOffsetMinutes(epochMs: number): number {
  return -new Date(epochMs).getTimezoneOffset();
}

/**
 * The photo's date, zone and place from the first source that has them: EXIF, then XMP (a
 * sidecar before the embedded packet), then a Google Takeout sidecar, then the file's name, and
 * for the date at last the file's modification time, marked as such. Files beside the photo are
 * read only when the photo itself leaves the date or the place open.
 */
export async function readPhotoFacts(sources: PhotoFactSources): Promise<PhotoFacts> {
  const { exif } = sources;
  let time = exif.takenAt ? { takenAt: exif.takenAt, offset: exif.timeOffset, source: 'exif' as TakenAtSource } : null;
  let location = exif.location;
  const settled = (): boolean => time !== null && location !== null;

  if (!settled()) {
    const embedded = embeddedXmp(sources.bytes);
    const xmps = [await readXmpSidecar(sources.path), embedded === null ? null : readXmp(embedded)];
    for (const xmp of xmps) {
      if (!xmp) continue;
      if (!time && xmp.time) time = { takenAt: xmp.time.takenAt, offset: xmp.time.offset, source: 'xmp' };
      location ??= xmp.location;
    }
  }
  if (!settled()) {
    const takeout: TakeoutFacts | null = await readTakeoutSidecar(sources.path);
    // Takeout gives an instant, not a wall clock: kept in UTC and said so.
    if (!time && takeout?.takenAtMs) time = { takenAt: wallClock(takeout.takenAtMs, 0), offset: '+00:00', source: 'takeout' };
    location ??= takeout?.location ?? null;
  }
  if (!time) {
    const named = dateFromFileName(basename(sources.path));
    if (named) time = { takenAt: named.takenAt, offset: named.offset, source: 'file-name' };
  }
  if (!time) {
    const minutes = localOffsetMinutes(sources.mtimeMs);
    time = { takenAt: wallClock(sources.mtimeMs, minutes), offset: offsetFromMinutes(minutes), source: 'file-time' };
  }
  return {
    takenAt: time.takenAt,
    takenAtSource: time.source,
    timeOffset: time.offset,
    cameraMake: exif.cameraMake,
    cameraModel: exif.cameraModel,
    location,
  };
}
