/**
 * An embed worker keeps no log file of its own: its lines travel to the host over the channel and
 * are written by the host's logger, with the worker's process named and its error's message and stack.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbedWorkerClient } from '../../../src-main/node/inference/worker-client';
import { MemoryLogger } from '../../support/memory-logger';

describe('a worker’s log lines', () => {
  it('reach the host’s logger with the worker named, the line’s fields and its error', async () => {
    const logger = new MemoryLogger();
    const worker = EmbedWorkerClient.start({
      entry: { script: join(import.meta.dirname, '../../support/logging-embed-worker.ts'), execArgv: ['--import', 'tsx'] },
      logger: logger.child({ service: 'embed-worker' }),
    });
    try {
      // Any answer comes after the line the worker wrote on starting (one channel, in order).
      await worker.call('resource-usage', {});
      const line = logger.at('warn').find((record) => record.message === 'a line written in the worker');
      expect(line?.fields).toMatchObject({ service: 'embed-worker', process: 'embed-worker', file: '/photos/a.jpg' });
      expect(line?.fields['pid']).toBe(worker.pid);
      expect(line?.fields['err']).toMatchObject({ type: 'Error', message: 'a decoder complained' });
      expect(String((line?.fields['err'] as { stack?: unknown } | undefined)?.stack)).toContain('logging-embed-worker.ts');
    } finally {
      await worker.dispose();
    }
  }, 60_000);
});
