/** One way to say what a call did: a failed Result's sentence stays as an error, a success may confirm. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { err, ok } from '../../src-common/result';
import { NOTICE_READING_MS, NoticeState } from '../../src-renderer/src/state/notice-state.svelte';

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
  });

  it('leaves the current message alone on a success with nothing to say', () => {
    const notices = new NoticeState();
    notices.error('Earlier problem.');
    expect(notices.notify(ok('x'))).toBe(true);
    expect(notices.current?.text).toBe('Earlier problem.');
  });
});

describe('reading time', () => {
  afterEach(() => vi.useRealTimers());

  it('keeps a confirmation on screen long enough to read before the next confirmation takes its place', () => {
    vi.useFakeTimers();
    const notices = new NoticeState();
    notices.info('Put 2 photos back where they were.');
    notices.info('Indexing done: 2 new photos.');
    expect(notices.current?.text).toBe('Put 2 photos back where they were.');
    vi.advanceTimersByTime(NOTICE_READING_MS - 1);
    expect(notices.current?.text).toBe('Put 2 photos back where they were.');
    vi.advanceTimersByTime(1);
    expect(notices.current).toEqual({ text: 'Indexing done: 2 new photos.', tone: 'info' });
  });

  it('shows the confirmations that waited in turn, each for its reading time, and a later one at once when all were read', () => {
    vi.useFakeTimers();
    const notices = new NoticeState();
    notices.info('Moved 2 photos to /photos/Set aside.');
    notices.info('Put 2 photos back where they were.');
    notices.info('Indexing done: 2 new photos.');
    vi.advanceTimersByTime(NOTICE_READING_MS);
    expect(notices.current?.text).toBe('Put 2 photos back where they were.');
    vi.advanceTimersByTime(NOTICE_READING_MS);
    expect(notices.current?.text).toBe('Indexing done: 2 new photos.');
    vi.advanceTimersByTime(NOTICE_READING_MS);
    notices.info('Added the folder.');
    expect(notices.current?.text).toBe('Added the folder.');
  });

  it('shows an error at once and drops the confirmation that was waiting; dismissing shows a waiting confirmation at once', () => {
    vi.useFakeTimers();
    const notices = new NoticeState();
    notices.info('Tagged 3 photos.');
    notices.info('Indexing done: 3 new photos.');
    notices.error('The folder /photos/Gone does not exist.');
    expect(notices.current).toEqual({ text: 'The folder /photos/Gone does not exist.', tone: 'error' });
    vi.advanceTimersByTime(NOTICE_READING_MS * 2);
    expect(notices.current?.tone).toBe('error');
    notices.dismiss();
    expect(notices.current).toBeNull();

    notices.info('Tagged 3 photos.');
    notices.info('Deleted the tag.');
    notices.dismiss();
    expect(notices.current?.text).toBe('Deleted the tag.');
  });
});
