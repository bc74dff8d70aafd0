/**
 * When `lumen serve` cannot keep its token in `<library>/serve.json` (a folder has that name, say),
 * it says so in a sentence naming the file and the reason, instead of the bare system error that
 * reached the person as "an unexpected problem".
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeCaught } from '../../../src-common/result';
import { loadServeIdentity, serveIdentityPath } from '../../../src-main/node/server/serve-identity';

let library: string;

beforeEach(async () => {
  library = await mkdtemp(join(tmpdir(), 'lumen-serve-identity-unwritable-'));
});

afterEach(async () => {
  await rm(library, { recursive: true, force: true });
});

describe('a serve.json that cannot be written', () => {
  it('is refused in a sentence naming the file and the reason', async () => {
    await mkdir(join(serveIdentityPath(library), 'something'), { recursive: true });
    const caught: unknown = await loadServeIdentity(library).then(
      () => null,
      (error: unknown) => error,
    );
    expect(describeCaught(caught)).toEqual({
      code: 'serve-identity',
      message: `lumen serve could not keep its token in ${serveIdentityPath(library)}: a folder has that name; move it away and start lumen serve again.`,
    });
  });
});
