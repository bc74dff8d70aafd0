/**
 * Who may talk to the local server. Pure functions over request headers, so each rule is unit
 * tested on its own:
 * - Host must name this server (defeats DNS rebinding: a hostile page whose name resolves to
 *   127.0.0.1 still sends its own name as Host);
 * - Origin, when sent, must be this server's own origin, and browsers' Sec-Fetch-Site must not say
 *   another site made the request (defeats cross-site requests and embedding of photos);
 * - every request must carry the session token (cookie or bearer header), on loopback too: any
 *   other account on the same computer can reach 127.0.0.1, and acts there with our user's rights.
 */
import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export interface GuardConfig {
  /** The address the server listens on, as given (`127.0.0.1`, `0.0.0.0`, `192.168.1.5`, `::1`…). */
  host: string;
  port: number;
  /** Required on every request. */
  token: string;
}

export interface RequestHeaders {
  host?: string | undefined;
  origin?: string | undefined;
  'sec-fetch-site'?: string | undefined;
  authorization?: string | undefined;
  cookie?: string | undefined;
}

export type GuardVerdict = { allowed: true } | { allowed: false; status: 400 | 401 | 403; reason: string };

function isWildcardHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === '0.0.0.0' || bare === '::';
}

/** `host` as it appears in a Host header: IPv6 in brackets, lower case. */
function headerName(host: string): string {
  const lower = host.toLowerCase();
  return isIP(lower) === 6 ? `[${lower}]` : lower;
}

/** Host header values this server answers to. A wildcard bind answers any name, since its token guards it. */
export function allowedHostHeaders(config: GuardConfig): Set<string> | 'any' {
  if (isWildcardHost(config.host)) return 'any';
  const names = new Set(LOOPBACK_NAMES);
  names.add(headerName(config.host));
  return new Set([...names].map((name) => `${name}:${config.port}`));
}

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieValue(cookieHeader: string | undefined, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

/**
 * Browsers keep cookies per host name, not per port: one name per port lets two servers (two
 * libraries) run side by side in one browser without each overwriting the other's token.
 */
export function tokenCookieName(port: number): string {
  return `lumen-token-${port}`;
}

export function presentedToken(config: GuardConfig, headers: RequestHeaders): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  return bearer?.[1] ?? cookieValue(headers.cookie, tokenCookieName(config.port));
}

/** Host and cross-origin checks: they apply to every request, token or not. */
export function checkOrigin(config: GuardConfig, headers: RequestHeaders): GuardVerdict {
  const host = headers.host?.toLowerCase();
  const allowed = allowedHostHeaders(config);
  if (!host || (allowed !== 'any' && !allowed.has(host)) || (allowed === 'any' && !host.endsWith(`:${config.port}`))) {
    return { allowed: false, status: 403, reason: 'unexpected Host header' };
  }
  if (headers.origin !== undefined && headers.origin.toLowerCase() !== `http://${host}`) {
    return { allowed: false, status: 403, reason: 'cross-origin request' };
  }
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { allowed: false, status: 403, reason: `request from another site (${site})` };
  }
  return { allowed: true };
}

export function checkToken(config: GuardConfig, headers: RequestHeaders): GuardVerdict {
  const token = presentedToken(config, headers);
  if (token === null || !sameSecret(token, config.token)) return { allowed: false, status: 401, reason: 'missing or wrong token' };
  return { allowed: true };
}
