import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { logFileOf, openFileLogger } from '../../../src-main/node/logging/file-logger';
import { RotatingFile } from '../../../src-main/node/logging/rotating-file';

describe('RotatingFile', () => {
  it('rotates by size, keeps the newest files and deletes older ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-log-'));
    const path = join(dir, 'logs', 'lumen.log');
    const file = new RotatingFile(path, { maxBytes: 100, keep: 2 });
    const line = (n: number): string => `${String(n).padStart(2, '0')} ${'x'.repeat(46)}\n`; // 50 bytes
    for (let n = 0; n < 8; n++) file.write(line(n));
    file.close();
    expect(readFileSync(path, 'utf8')).toBe(line(6) + line(7));
    expect(readFileSync(`${path}.1`, 'utf8')).toBe(line(4) + line(5));
    expect(readFileSync(`${path}.2`, 'utf8')).toBe(line(2) + line(3));
    expect(existsSync(`${path}.3`)).toBe(false);
  });

  it('continues a file another process started, counting what is already there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-log-'));
    const path = join(dir, 'lumen.log');
    const first = new RotatingFile(path, { maxBytes: 100, keep: 1 });
    first.write(`${'a'.repeat(79)}\n`);
    first.close();
    const second = new RotatingFile(path, { maxBytes: 100, keep: 1 });
    second.write(`${'b'.repeat(39)}\n`);
    second.close();
    expect(readFileSync(`${path}.1`, 'utf8')).toBe(`${'a'.repeat(79)}\n`);
    expect(readFileSync(path, 'utf8')).toBe(`${'b'.repeat(39)}\n`);
  });

  it('never writes through a link planted where the log goes: logging stops for the session, the linked file is untouched', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-log-'));
    const victim = join(dir, 'authorized_keys');
    writeFileSync(victim, 'ssh-ed25519 AAAA owner\n');
    mkdirSync(join(dir, 'logs'));
    const path = join(dir, 'logs', 'lumen.log');
    symlinkSync(victim, path);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const file = new RotatingFile(path);
      file.write('a planted line\n');
      file.close();
      expect(stderr).toHaveBeenCalledWith(expect.stringMatching(/cannot write the log file .*lumen\.log .*logging is off for this session/));
    } finally {
      stderr.mockRestore();
    }
    expect(readFileSync(victim, 'utf8')).toBe('ssh-ed25519 AAAA owner\n');
  });
});

describe('openFileLogger', () => {
  it('writes JSON lines with the child logger’s bindings and the error to <library>/logs/lumen.log', async () => {
    const library = await mkdtemp(join(tmpdir(), 'lumen-log-'));
    const log = openFileLogger(library, { process: 'cli' });
    log.logger.child({ service: 'tags' }).warn({ err: new Error('sidecar busy'), path: '/p.jpg' }, 'keyword write failed');
    log.close();
    expect(log.path).toBe(logFileOf(library));
    expect(log.path).toBe(join(library, 'logs', 'lumen.log'));
    const entry = JSON.parse(readFileSync(log.path, 'utf8').trim()) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 40, msg: 'keyword write failed', service: 'tags', process: 'cli', path: '/p.jpg', err: { message: 'sidecar busy' } });
  });
});

describe('RotatingFile shared by several processes', () => {
  it('keeps every line once and every file within its size when two writers share and rotate one log', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-log-'));
    const path = join(dir, 'lumen.log');
    const options = { maxBytes: 200, keep: 50 };
    const writers = [new RotatingFile(path, options), new RotatingFile(path, options)];
    const written: string[] = [];
    for (let n = 0; n < 60; n++) {
      const line = `writer ${n % 2} line ${String(n).padStart(2, '0')} ${'x'.repeat(10)}\n`;
      writers[n % 2]?.write(line);
      written.push(line);
    }
    for (const writer of writers) writer.close();
    const files = readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8'));
    for (const text of files) expect(Buffer.byteLength(text)).toBeLessThanOrEqual(options.maxBytes);
    const lines = files.flatMap((text) =>
      text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => `${l}\n`),
    );
    expect(lines.sort()).toEqual([...written].sort());
  });
});
