import { describe, expect, it } from 'vitest';
import { describeCaught, LumenFailure, UNEXPECTED_FAILURE_MESSAGE } from '../../../src-common/result';
import { createValidatedDispatcher, type ApiHandlers } from '../../../src-common/validated-dispatcher';

/** A failure nobody foresaw, whose text quotes a private file (as JSON.parse and onnxruntime messages do). */
const leaky = new Error("Unexpected token 's' in JSON at position 0: ssh-ed25519 AAAAC3Nz… /home/alice/.ssh/id_ed25519");

describe('unexpected failures reach a person as a sentence, never as the raw exception', () => {
  it('describeCaught keeps Lumen’s own sentences and replaces anything else', () => {
    expect(describeCaught(new LumenFailure('missing-folder', 'no folder at /x'))).toEqual({ code: 'missing-folder', message: 'no folder at /x' });
    expect(describeCaught(leaky)).toEqual({ code: 'internal-error', message: UNEXPECTED_FAILURE_MESSAGE });
    expect(describeCaught('a thrown string')).toEqual({ code: 'internal-error', message: UNEXPECTED_FAILURE_MESSAGE });
  });

  it('the one dispatcher answers a handler’s unforeseen throw with the plain sentence', async () => {
    const handlers = new Proxy({} as ApiHandlers, {
      get: () => () => {
        throw leaky;
      },
    });
    const result = await createValidatedDispatcher(handlers)('getStatus', undefined);
    expect(result).toEqual({ ok: false, error: { code: 'internal-error', message: UNEXPECTED_FAILURE_MESSAGE } });
    expect(JSON.stringify(result)).not.toMatch(/ssh|alice|JSON at position/);
  });
});
