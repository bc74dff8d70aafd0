// Another account on the same computer trying `lumen serve`: run as that user (setpriv) by
// test/node/server/serve-as-another-user.test.ts, in plain Node with no dependencies so that user
// needs nothing of the checkout. Reads a plan (JSON, argv[2]), tries to read the given files
// directly, then sends each request to the server, with the token only when LUMEN_TOKEN is set
// (traded for the cookie through the printed address, as a browser does). Prints one JSON report.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/**
 * @typedef {{ name: string, method: 'GET' | 'POST', path: string, arg?: unknown }} PlannedRequest
 * @typedef {{ origin: string, readDirectly: string[], requests: PlannedRequest[] }} Plan
 */

/** @type {Plan} */
const plan = JSON.parse(process.argv[2] ?? '{}');
const token = process.env.LUMEN_TOKEN;

/** @returns {Promise<string | null>} the cookie the printed address sets, `name=value`; where it sets none, the cookie a browser would have leaked */
async function cookieFromAddress() {
  if (!token) return null;
  const visit = await fetch(`${plan.origin}/?token=${encodeURIComponent(token)}`, { redirect: 'manual' });
  return (visit.headers.get('set-cookie') ?? '').split(';')[0] || `lumen-token-${new URL(plan.origin).port}=${token}`;
}

const cookie = await cookieFromAddress();
const direct = [];
for (const path of plan.readDirectly) {
  try {
    await readFile(path);
    direct.push({ path, readable: true });
  } catch (error) {
    direct.push({ path, readable: false, code: /** @type {NodeJS.ErrnoException} */ (error).code });
  }
}

const responses = [];
for (const request of plan.requests) {
  /** @type {Record<string, string>} */
  const headers = cookie ? { Cookie: cookie } : {};
  if (request.method === 'POST') headers['Content-Type'] = 'application/json';
  const response = await fetch(`${plan.origin}${request.path}`, {
    method: request.method,
    headers,
    ...(request.method === 'POST' ? { body: JSON.stringify({ arg: request.arg }) } : {}),
  });
  const body = Buffer.from(await response.arrayBuffer());
  const contentType = response.headers.get('content-type') ?? '';
  responses.push({
    name: request.name,
    status: response.status,
    contentType,
    sha256: createHash('sha256').update(body).digest('hex'),
    json: contentType.startsWith('application/json') ? JSON.parse(body.toString('utf8')) : null,
  });
}

process.stdout.write(`${JSON.stringify({ uid: process.getuid?.(), usedCookie: cookie !== null, direct, responses })}\n`);
