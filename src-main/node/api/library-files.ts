/**
 * The one gate between a photo id and a file that leaves the process, shared by the HTTP server and
 * the Electron `lumen:` protocol. A file is served only when its real path (symlinks resolved) is a
 * regular file inside the real path of the folder it must belong to: the photo's library folder for
 * originals, `<library>/thumbnails` for thumbnails.
 */
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { isInside } from '../library/path-inside';
import { LumenFailure } from '../../../src-common/result';
import type { PhotoRepository } from '../library/photo-repository';
import { isVideoPath } from '../../../src-common/video-moment';
import type { PreviewMaker } from '../photos/preview-copy';
import { PhotoPreviews } from './photo-previews';

/**
 * Thumbnails larger than the 320 px one made while indexing, for big grid cells and 2× displays: made
 * from the original on first request, kept in `<library>/thumbnails-large/<long side>`, each size
 * bounded on disk (the least recently shown go first).
 */
export const LARGER_THUMBNAILS = { 'thumbnail-640': 640, 'thumbnail-1280': 1280 } as const;
export type LargerThumbnailKind = keyof typeof LARGER_THUMBNAILS;
export const LARGER_THUMBNAIL_CACHE_BYTES = 256 * 1024 * 1024;

/** `preview`: a large JPEG of an original a browser cannot draw (api/photo-previews.ts). */
export type MediaKind = 'photo' | 'thumbnail' | 'preview' | LargerThumbnailKind;
export const MEDIA_KINDS: readonly MediaKind[] = ['photo', 'thumbnail', 'preview', 'thumbnail-640', 'thumbnail-1280'];

function isLargerThumbnail(kind: MediaKind): kind is LargerThumbnailKind {
  return Object.hasOwn(LARGER_THUMBNAILS, kind);
}

/**
 * The real path of `candidate` when it is a regular file inside `root` after resolving every
 * symlink of both; null otherwise (missing, a folder, a device, or escaping the root).
 */
export async function fileInsideRoot(root: string, candidate: string): Promise<string | null> {
  if (candidate.includes('\0') || root.includes('\0')) return null;
  const lexical = resolve(root, candidate);
  if (!isInside(resolve(root), lexical)) return null;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(lexical)]);
    if (!isInside(realRoot, realFile)) return null;
    const info = await stat(realFile);
    return info.isFile() ? realFile : null;
  } catch {
    return null;
  }
}

/** Parses the id part of a media address strictly: digits only, no sign, no leading zero. */
export function parsePhotoId(text: string): number | null {
  if (!/^[1-9]\d{0,15}$/.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}

export function parseMediaKind(text: string): MediaKind | null {
  return MEDIA_KINDS.find((kind) => kind === text) ?? null;
}

export class LibraryFiles {
  private readonly larger: Record<LargerThumbnailKind, PhotoPreviews>;

  constructor(
    private readonly libraryDir: string,
    private readonly photos: PhotoRepository,
    /** Decodes an original into a preview copy: the embed worker process in the app (heavy work stays out of the services). */
    makeCopy: PreviewMaker,
    private readonly previews = new PhotoPreviews(resolve(libraryDir, 'previews'), makeCopy),
    largerThumbnailBytes = LARGER_THUMBNAIL_CACHE_BYTES,
  ) {
    const copies = (longSide: number): PhotoPreviews =>
      new PhotoPreviews(resolve(libraryDir, 'thumbnails-large', String(longSide)), makeCopy, largerThumbnailBytes, { longSide, format: 'webp' });
    this.larger = { 'thumbnail-640': copies(LARGER_THUMBNAILS['thumbnail-640']), 'thumbnail-1280': copies(LARGER_THUMBNAILS['thumbnail-1280']) };
  }

  /** The checked real path of a photo's original or thumbnail; throws `not-found` for anything else. */
  async resolve(kind: MediaKind, photoId: number): Promise<string> {
    const [photo] = this.photos.getPhotos([photoId]);
    if (!photo) throw new LumenFailure('not-found', `no photo with id ${photoId}`);
    let file: string | null = null;
    if (isLargerThumbnail(kind)) {
      file = await this.largerThumbnail(kind, photo);
      if (file === null) return this.resolve('thumbnail', photoId);
    } else if (kind === 'thumbnail') {
      // Thumbnails are recorded relative to the library; they must stay under its thumbnails folder.
      if (photo.thumbnail !== null && !isAbsolute(photo.thumbnail)) {
        file = await fileInsideRoot(resolve(this.libraryDir, 'thumbnails'), resolve(this.libraryDir, photo.thumbnail));
      }
    } else {
      const root = this.photos.listRoots().find((r) => r.id === photo.rootId);
      if (root) file = await fileInsideRoot(root.path, photo.path);
      // Made from the checked original only; the preview's name says which state of the file it shows.
      if (file && kind === 'preview') file = await this.previews.previewOf(file, `${photo.id}-${photo.size}-${Math.trunc(photo.mtimeMs)}`);
    }
    if (!file) throw new LumenFailure('not-found', `the ${kind} of photo ${photoId} is not available`);
    return file;
  }

  /**
   * A larger thumbnail made from the checked original; null where there is none to make (a video, an
   * original that is gone or cannot be decoded): the caller serves the indexer's thumbnail instead.
   */
  private async largerThumbnail(
    kind: LargerThumbnailKind,
    photo: { id: number; rootId: number; path: string; size: number; mtimeMs: number },
  ): Promise<string | null> {
    if (isVideoPath(photo.path)) return null;
    const root = this.photos.listRoots().find((r) => r.id === photo.rootId);
    const original = root ? await fileInsideRoot(root.path, photo.path) : null;
    if (!original) return null;
    try {
      return await this.larger[kind].previewOf(original, `${photo.id}-${photo.size}-${Math.trunc(photo.mtimeMs)}`);
    } catch {
      // Not decodable here (the indexer may still have made its thumbnail another way).
      return null;
    }
  }
}

const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  heic: 'image/heic',
  heif: 'image/heif',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  '3gp': 'video/3gpp',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  avi: 'video/x-msvideo',
  mts: 'video/mp2t',
  m2ts: 'video/mp2t',
};

export function imageContentType(file: string): string {
  const extension = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}
