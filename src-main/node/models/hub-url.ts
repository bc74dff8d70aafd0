import { LumenFailure } from '../../../src-common/result';

/**
 * A model repository on a Hugging Face–style hub: files are at `<repo>/resolve/<revision>/<path>`.
 * Accepts the repository URL (`https://huggingface.co/Xenova/clip-vit-base-patch32`), or one that
 * already ends in `/resolve/main` (or any other revision), with or without a trailing slash.
 */
export interface HubRepository {
  /** Everything before `/resolve/`, without a trailing slash. */
  repoUrl: string;
  revision: string;
  /** The last path segment of the repository: a default model id. */
  name: string;
}

export function parseHubUrl(url: string): HubRepository {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LumenFailure('bad-argument', `not a URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new LumenFailure('bad-argument', `only http and https URLs can be installed, not ${parsed.protocol}`);
  const path = parsed.pathname.replace(/\/+$/, '');
  const match = /^(.*?)\/resolve\/([^/]+)(?:\/.*)?$/.exec(path);
  const repoPath = match ? (match[1] ?? '') : path;
  const revision = match ? (match[2] ?? 'main') : 'main';
  const name = repoPath.split('/').filter(Boolean).at(-1);
  if (!name) throw new LumenFailure('bad-argument', `URL has no repository path: ${url}`);
  return { repoUrl: `${parsed.origin}${repoPath}`, revision, name };
}

export function fileUrl(repo: HubRepository, path: string): string {
  return `${repo.repoUrl}/resolve/${encodeURIComponent(repo.revision)}/${path.split('/').map(encodeURIComponent).join('/')}`;
}
