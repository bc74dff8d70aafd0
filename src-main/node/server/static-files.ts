import { extname } from 'node:path';
import { fileInsideRoot } from '../api/library-files';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface StaticFile {
  path: string;
  contentType: string;
}

/** A file of the built renderer for a URL path, through the same containment check as photos. */
export async function rendererFile(rendererDir: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const relativePath = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const path = await fileInsideRoot(rendererDir, relativePath);
  if (!path) return null;
  return { path, contentType: TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream' };
}
