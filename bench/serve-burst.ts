/**
 * `npm run bench -- serve-burst [--calls 300]`: many concurrent 1 MB `classifyImage` calls (a
 * browser dropping a folder of photos, or a client hammering the server) against the real server
 * in its own process, with the call limits `lumen serve` uses and with none, side by side in one
 * run: the server's resident memory after one warm-up call and its peak during the burst, how many
 * calls were answered and how many turned away (503), and the burst's wall time.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { DEFAULT_SERVER_LIMITS } from '../src-main/node/server/lumen-server';

interface Setting {
  label: string;
  maxRunningCalls: number;
  maxWaitingCalls: number;
}

interface Outcome {
  setting: Setting;
  baselineMb: number;
  peakMb: number;
  answered: number;
  busy: number;
  failed: number;
  seconds: number;
}

/** A noise image whose base64 is just under the 1 000 000 characters classifyImage takes. */
async function nearlyOneMegabyteImage(): Promise<string> {
  const side = 496;
  const pixels = Buffer.alloc(side * side * 3);
  let state = 12345;
  for (let i = 0; i < pixels.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    pixels[i] = state >>> 24;
  }
  const png = await sharp(pixels, { raw: { width: side, height: side, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
  return png.toString('base64');
}

class ServerProcess {
  private constructor(
    private readonly child: ChildProcessByStdio<Writable, Readable, null>,
    private readonly lines: AsyncIterator<string>,
    readonly origin: string,
    readonly token: string,
  ) {}

  static async start(setting: Setting): Promise<ServerProcess> {
    const base = mkdtempSync(join(tmpdir(), 'lumen-bench-burst-'));
    const renderer = join(base, 'renderer');
    mkdirSync(renderer);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'serve-burst-server.ts'),
        join(base, 'library'),
        renderer,
        String(setting.maxRunningCalls),
        String(setting.maxWaitingCalls),
      ],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    const reader: Interface = createInterface({ input: child.stdout });
    const lines = reader[Symbol.asyncIterator]();
    const first = await lines.next();
    const { origin, token } = JSON.parse(String(first.value)) as { origin: string; token: string };
    return new ServerProcess(child, lines, origin, token);
  }

  async ask<T>(command: 'rss' | 'peak'): Promise<T> {
    this.child.stdin.write(`${command}\n`);
    return JSON.parse(String((await this.lines.next()).value)) as T;
  }

  async call(method: string, arg: unknown): Promise<Response> {
    return fetch(`${this.origin}/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ arg }),
    });
  }

  async stop(): Promise<void> {
    this.child.stdin.end();
    if (this.child.exitCode === null) await new Promise((resolve) => this.child.once('exit', resolve));
  }
}

async function burst(setting: Setting, image: string, calls: number): Promise<Outcome> {
  const server = await ServerProcess.start(setting);
  for (const name of ['red', 'blue']) {
    const added = await server.call('addCategory', { set: 'colours', name, descriptions: [`a ${name} shape`] });
    if (!((await added.json()) as { ok: boolean }).ok) throw new Error('could not add a category');
  }
  const warm = (await (await server.call('classifyImage', { into: 'colours', name: 'warm-up.png', data: image })).json()) as {
    ok: boolean;
    error?: { message: string };
  };
  if (!warm.ok) throw new Error(`the warm-up call failed: ${warm.error?.message}`);
  const { rssMb } = await server.ask<{ rssMb: number }>('rss');
  const started = performance.now();
  const statuses = await Promise.all(
    Array.from({ length: calls }, (_, i) =>
      server.call('classifyImage', { into: 'colours', name: `drop-${i}.png`, data: image }).then(
        async (response) => {
          await response.arrayBuffer();
          return response.status;
        },
        () => 0,
      ),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const { peakRssMb } = await server.ask<{ peakRssMb: number }>('peak');
  await server.stop();
  return {
    setting,
    baselineMb: rssMb,
    peakMb: peakRssMb,
    answered: statuses.filter((s) => s === 200).length,
    busy: statuses.filter((s) => s === 503).length,
    failed: statuses.filter((s) => s !== 200 && s !== 503).length,
    seconds,
  };
}

export async function runServeBurstBench(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { calls: { type: 'string', default: '300' } } });
  const calls = Number(values.calls);
  const image = await nearlyOneMegabyteImage();
  const settings: Setting[] = [
    {
      label: `limits of lumen serve (${DEFAULT_SERVER_LIMITS.maxRunningCalls} running, ${DEFAULT_SERVER_LIMITS.maxWaitingCalls} waiting)`,
      ...DEFAULT_SERVER_LIMITS,
    },
    { label: 'no limit (every call at once)', maxRunningCalls: 1_000_000, maxWaitingCalls: 0 },
  ];
  const outcomes: Outcome[] = [];
  for (const setting of settings) outcomes.push(await burst(setting, image, calls));
  process.stdout.write(
    `\n${calls} concurrent classifyImage calls of ${(image.length / 1e6).toFixed(2)} MB each; ${cpus().length} CPUs, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n\n`,
  );
  process.stdout.write('| server | RSS after warm-up | peak RSS | answered | 503 busy | failed | wall time |\n| --- | --- | --- | --- | --- | --- | --- |\n');
  for (const o of outcomes) {
    process.stdout.write(
      `| ${o.setting.label} | ${o.baselineMb.toFixed(0)} MB | ${o.peakMb.toFixed(0)} MB | ${o.answered} | ${o.busy} | ${o.failed} | ${o.seconds.toFixed(1)} s |\n`,
    );
  }
}
