import { LumenFailure } from '../../../src-common/result';

/** huggingface.co, unless the user points Lumen at a mirror (`HF_ENDPOINT`, as the hub's own tools read it). */
export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';

/**
 * A model repository on a Hugging Face–style hub: files at `<endpoint>/<repoId>/resolve/<revision>/<path>`,
 * listings at `<endpoint>/api/models/<repoId>/…`.
 */
export interface HubRepository {
  /** Scheme, host and any path prefix of the hub or mirror, without a trailing slash. */
  endpoint: string;
  /** `Org/name`. */
  repoId: string;
  /** A branch, tag or commit; `main` when none was given. */
  revision: string;
  /** The repository's own name: the default model id. */
  name: string;
}

const REPO_PART = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** What follows `Org/name` in the hub's browser and download URLs: the revision comes next. */
const REVISION_MARKERS = new Set(['tree', 'blob', 'resolve']);

/**
 * Reads a hub repository from what a person may paste: `Org/name`, `Org/name@rev`,
 * `hf://Org/name@rev`, or any hub URL — the repository page, `/tree/<rev>[/folder]`,
 * `/blob/<rev>/<file>`, `/resolve/<rev>/<file>` — on huggingface.co or a mirror (whose path
 * prefix, if any, becomes part of the endpoint). Null when `source` is none of these.
 */
export function parseHubSource(source: string, endpoint: string = DEFAULT_HUB_ENDPOINT): HubRepository | null {
  const trimmed = source.trim();
  if (/^https?:\/\//i.test(trimmed)) return parseHubUrl(trimmed);
  const bare = trimmed.startsWith('hf://') ? trimmed.slice('hf://'.length) : /^[^/\\.~][^/\\]*\/[^/\\]+$/.test(trimmed) ? trimmed : null;
  if (bare === null) return null;
  const at = bare.indexOf('@');
  const path = at === -1 ? bare : bare.slice(0, at);
  const revision = at === -1 ? 'main' : bare.slice(at + 1);
  const parts = path.replace(/\/+$/, '').split('/');
  const [org, name] = parts;
  if (parts.length !== 2 || !org || !name || !REPO_PART.test(org) || !REPO_PART.test(name) || revision === '') {
    if (trimmed.startsWith('hf://')) throw new LumenFailure('bad-argument', `"${source}" is not a hub model: write hf://Org/name or hf://Org/name@revision`);
    return null;
  }
  return { endpoint: trimEndpoint(endpoint), repoId: `${org}/${name}`, revision, name };
}

/** A hub URL (see parseHubSource); refuses anything that names no `Org/name` repository. */
export function parseHubUrl(url: string): HubRepository {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LumenFailure('bad-argument', `not a URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new LumenFailure('bad-argument', `only http and https URLs can be installed, not ${parsed.protocol}`);
  const segments = parsed.pathname.split('/').filter(Boolean).map(decodeSegment);
  const marker = segments.findIndex((segment, index) => index >= 2 && REVISION_MARKERS.has(segment));
  const repoEnd = marker === -1 ? segments.length : marker;
  const org = segments[repoEnd - 2];
  const name = segments[repoEnd - 1];
  if (!org || !name || !REPO_PART.test(org) || !REPO_PART.test(name))
    throw new LumenFailure('bad-argument', `the URL ${url} does not name a model repository (…/Org/name)`);
  const revision = marker === -1 ? 'main' : segments[marker + 1];
  if (!revision) throw new LumenFailure('bad-argument', `the URL ${url} names no revision after /${segments[marker] ?? ''}/`);
  const prefix = segments
    .slice(0, repoEnd - 2)
    .map(encodeURIComponent)
    .join('/');
  return { endpoint: trimEndpoint(`${parsed.origin}/${prefix}`), repoId: `${org}/${name}`, revision, name };
}

/** The download URL of one file of the repository at its revision. */
export function fileUrl(repo: HubRepository, path: string, revision: string = repo.revision): string {
  return `${repo.endpoint}/${repo.repoId}/resolve/${encodeURIComponent(revision)}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** The hub's JSON listing of a repository at a revision: `/api/models/<id>/revision/<rev>` or `/tree/<rev>`. */
export function apiUrl(repo: HubRepository, kind: 'revision' | 'tree', revision: string = repo.revision): string {
  return `${repo.endpoint}/api/models/${repo.repoId}/${kind}/${encodeURIComponent(revision)}`;
}

/** `hf://Org/name@rev`: how the registry and messages name an installed hub model. */
export function hubUri(repoId: string, revision: string): string {
  return `hf://${repoId}@${revision}`;
}

function trimEndpoint(endpoint: string): string {
  return endpoint.replace(/\/+$/, '');
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
