import { LumenFailure } from '../../src-common/result';

/** The LumenFailure the promise rejects with; anything else (or success) fails the test. */
export async function failureOf(promise: Promise<unknown>): Promise<LumenFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LumenFailure) return error;
    throw error;
  }
  throw new Error('expected a LumenFailure');
}
