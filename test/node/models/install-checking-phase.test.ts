/**
 * After the last byte, an install loads the model once as its check: the window is told with a
 * `checking` event between the download's progress and `installed`, the CLI with a line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelInstallState } from '../../../src-common/contract-settings';
import type { Result } from '../../../src-common/result';
import { createApiDispatcher, lazySession, type ApiDispatcher } from '../../../src-main/node/api/api-handlers';
import { runModelCommand } from '../../../src-main/node/cli/commands/model-command';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { writeReferenceModel } from '../../../tools/reference-models/write-reference-model';
import { startFakeHub, type FakeHub } from './fake-hub';

const REPO = 'lumen-test/tiny-clip';
let root = '';
let hub: FakeHub;
let session: ReturnType<typeof lazySession>;
let dispatch: ApiDispatcher;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-install-checking-'));
  const source = await writeReferenceModel(join(root, 'source'), { family: 'clip', name: 'tiny-clip' });
  hub = await startFakeHub({ [REPO]: source });
  process.env.LUMEN_MODELS = join(root, 'models');
  process.env.HF_ENDPOINT = hub.url;
  session = lazySession(() => LumenServices.open({ libraryDir: join(root, 'library'), indexWorkers: 1 }));
  dispatch = createApiDispatcher(session);
});
afterAll(async () => {
  await session?.dispose();
  await hub.close();
  await rm(root, { recursive: true, force: true });
});

describe('checking a downloaded model', () => {
  it('pushes a checking event after the last download progress and before installed', async () => {
    const events: ModelInstallState[] = [];
    const stop = (await session()).events.listen('modelInstall', (state) => events.push(state));
    const answer = (await dispatch('installModel', { source: REPO })) as Result<unknown>;
    stop();
    expect(answer.ok).toBe(true);
    const phases = events.map((e) => e.phase);
    expect(phases.filter((phase) => phase === 'checking')).toHaveLength(1);
    expect(phases.slice(-2)).toEqual(['checking', 'installed']);
    expect(phases.slice(0, -2).every((phase) => phase === 'downloading')).toBe(true);
  });

  it('the CLI says it is checking the model', async () => {
    let stderr = '';
    const io = { out: () => undefined, err: (text: string) => (stderr += text), interactive: false };
    const code = await runModelCommand(
      join(root, 'cli-library'),
      join(root, 'cli-models'),
      ['add', REPO],
      { id: undefined, variant: undefined, device: undefined },
      false,
      io,
      hub.url,
    );
    expect(code).toBe(0);
    expect(stderr).toContain('checking the model: loading it once before it is installed\n');
  });
});
