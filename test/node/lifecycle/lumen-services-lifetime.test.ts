import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LumenServices } from '../../../src-main/node/lumen-services';
import { cliApi } from '../../../src-main/node/cli/cli-api';
import { runStatusCommand } from '../../../src-main/node/cli/commands/status-command';
import { lumen } from '../../support/cli-runner';
import { MemoryLogger } from '../../support/memory-logger';

/** Child processes of this test process still running (zombies excluded). */
function childProcesses(): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === process.pid && fields[0] !== 'Z') children.push(Number(entry));
    } catch {
      // The process ended while it was being listed: not a child any more.
    }
  }
  return children;
}

async function tempLibrary(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'lumen-lifetime-')), 'library');
}

describe('LumenServices lifetime', () => {
  it('disposes everything it created: no worker processes left, the database closed, twice is fine', async () => {
    const before = childProcesses();
    const services = await LumenServices.open({ libraryDir: await tempLibrary(), indexWorkers: 2, logger: new MemoryLogger() });
    await services.indexPool.warm();
    const started = childProcesses().filter((pid) => !before.includes(pid));
    expect(started.length).toBeGreaterThanOrEqual(3); // the search worker and two index workers
    await Promise.all([services.dispose(), services.dispose()]);
    expect(services.db.isOpen).toBe(false);
    expect(childProcesses().filter((pid) => started.includes(pid))).toEqual([]);
  });

  it('closes what it had opened when opening fails part way (a model that does not load)', async () => {
    const before = childProcesses();
    const broken = join(await mkdtemp(join(tmpdir(), 'lumen-lifetime-model-')), 'model');
    await mkdir(broken);
    await writeFile(join(broken, 'config.json'), '{ not json');
    const library = await tempLibrary();
    await expect(LumenServices.open({ libraryDir: library, modelFolder: broken, logger: new MemoryLogger() })).rejects.toThrow();
    expect(childProcesses().filter((pid) => !before.includes(pid))).toEqual([]);
  });

  it('logs to <library>/logs/lumen.log, and lumen status says where (human and --json)', async () => {
    const library = await tempLibrary();
    const services = await LumenServices.open({ libraryDir: library });
    const printed = { human: '', json: '' };
    try {
      expect(services.status(false).logFile).toBe(join(library, 'logs', 'lumen.log'));
      expect(await runStatusCommand(cliApi(services), false, false, { out: (t) => (printed.human += t), err: () => undefined, interactive: false })).toBe(0);
      expect(await runStatusCommand(cliApi(services), false, true, { out: (t) => (printed.json += t), err: () => undefined, interactive: false })).toBe(0);
    } finally {
      await services.dispose();
    }
    expect(printed.human).toContain(`Log:      ${join(library, 'logs', 'lumen.log')}`);
    expect((JSON.parse(printed.json) as { logFile: string }).logFile).toBe(join(library, 'logs', 'lumen.log'));
  });

  it('keeps no log file when the caller passes its own logger', async () => {
    const library = await tempLibrary();
    const services = await LumenServices.open({ libraryDir: library, logger: new MemoryLogger() });
    await services.dispose();
    expect(existsSync(join(library, 'logs'))).toBe(false);
  });
});

describe('the CLI log', () => {
  it('keeps a failed command with its code beside the sentence the person got', async () => {
    const library = await tempLibrary();
    const missing = join(library, '..', 'no-such-folder');
    const run = await lumen('index', missing, '--library', library);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('folder not found');
    const lines = readFileSync(join(library, 'logs', 'lumen.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, msg: 'lumen index failed', code: 'missing-folder', process: 'cli' }));
  });
});
