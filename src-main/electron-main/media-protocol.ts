/**
 * `lumen://media/<kind>/<id>`: photos and thumbnails for the window, served by id through the same
 * path checks as the HTTP server (api/library-files.ts). Nothing else is reachable through it.
 */
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { parseMediaKind, parsePhotoId, type MediaKind } from '../node/api/library-files';

export const MEDIA_SCHEME = 'lumen';

/** Must run before the app is ready. `stream`: videos play (and seek) from it. */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false, stream: true } }]);
}

export function handleMediaProtocol(resolveMedia: (kind: MediaKind, photoId: number) => Promise<string>): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const url = new URL(request.url);
    const match = /^\/([a-z0-9-]+)\/([^/]+)$/.exec(url.pathname);
    const kind = url.hostname === 'media' && match?.[1] ? parseMediaKind(match[1]) : null;
    const id = match?.[2] ? parsePhotoId(match[2]) : null;
    if (request.method !== 'GET' || kind === null || id === null) return new Response('not found', { status: 404 });
    try {
      const path = await resolveMedia(kind, id);
      // The Range header travels on: a video element seeks by asking for the bytes of the moment.
      return await net.fetch(pathToFileURL(path).href, { headers: request.headers });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}
