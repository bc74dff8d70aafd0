import { describe, expect, it } from 'vitest';
import { LumenFailure } from '../../../src-common/result';
import { logFailure } from '../../../src-main/node/logging/logger';
import { MemoryLogger } from '../../support/memory-logger';

describe('logFailure', () => {
  it('logs a failure that says what happened in words at warn, with its code', () => {
    const logger = new MemoryLogger();
    logFailure(logger.child({ service: 'indexing' }), new LumenFailure('disk-full', 'the disk is full'), 'indexing run failed', { folder: '/p' });
    expect(logger.records).toEqual([
      {
        level: 'warn',
        message: 'indexing run failed',
        fields: { service: 'indexing', code: 'disk-full', folder: '/p', err: expect.any(LumenFailure) as unknown },
      },
    ]);
  });

  it('logs anything else at error, with the error itself (and so its stack)', () => {
    const logger = new MemoryLogger();
    const defect = new TypeError('x is undefined');
    logFailure(logger, defect, 'tag run failed');
    expect(logger.at('error')).toEqual([{ level: 'error', message: 'tag run failed', fields: { err: defect } }]);
  });

  it('wraps a thrown non-error so the log still has a message', () => {
    const logger = new MemoryLogger();
    logFailure(logger, 'plain text', 'failed');
    expect((logger.records[0]?.fields.err as Error).message).toBe('plain text');
  });
});
