/** One way to say what a call did: a failed Result's sentence stays as an error, a success may confirm. */
import { describe, expect, it } from 'vitest';
import { err, ok } from '../../src-common/result';
import { NoticeState } from '../../src-renderer/src/state/notice-state.svelte';

describe('notify', () => {
  it('shows a failure as an error with its sentence and answers false', () => {
    const notices = new NoticeState();
    expect(notices.notify(err('missing-folder', 'The folder /photos/Gone does not exist.'), 'Added.')).toBe(false);
    expect(notices.current).toEqual({ text: 'The folder /photos/Gone does not exist.', tone: 'error' });
  });

  it('confirms a success with the given sentence, or one made from the value', () => {
    const notices = new NoticeState();
    expect(notices.notify(ok(3), (n) => `Tagged ${n} photos.`)).toBe(true);
    expect(notices.current).toEqual({ text: 'Tagged 3 photos.', tone: 'info' });
    notices.notify(ok(undefined), 'Deleted the tag.');
    expect(notices.current).toEqual({ text: 'Deleted the tag.', tone: 'info' });
  });

  it('leaves the current message alone on a success with nothing to say', () => {
    const notices = new NoticeState();
    notices.error('Earlier problem.');
    expect(notices.notify(ok('x'))).toBe(true);
    expect(notices.current?.text).toBe('Earlier problem.');
  });
});
