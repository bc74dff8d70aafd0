/**
 * The window's one status message: a confirmation that fades, or an error that stays until dismissed.
 * States return the contract's `Result`; whoever acts on one hands it to `notify`, which says what happened.
 */
import type { Result } from '../../../src-common/result';

export type NoticeTone = 'info' | 'error';

export interface NoticeMessage {
  text: string;
  tone: NoticeTone;
}

/**
 * How long a confirmation stays before another confirmation may take its place: long enough to read
 * one sentence. Without it, "Put 2 photos back where they were." was replaced after 43 ms by the
 * re-index the undo started.
 */
export const NOTICE_READING_MS = 2500;

/** Confirmations kept waiting at most; past that the oldest waiting one is dropped. */
const MOST_WAITING = 3;

export class NoticeState {
  current = $state<NoticeMessage | null>(null);
  /** Confirmations that came while the one on screen was still being read, in order. */
  private waiting: NoticeMessage[] = [];
  private readableUntil = 0;
  private promotion: ReturnType<typeof setTimeout> | null = null;

  info(text: string): void {
    const message: NoticeMessage = { text, tone: 'info' };
    if (this.current?.tone === 'info' && Date.now() < this.readableUntil) {
      if (this.waiting.at(-1)?.text !== text && this.current.text !== text) this.waiting.push(message);
      if (this.waiting.length > MOST_WAITING) this.waiting.shift();
      this.schedulePromotion();
      return;
    }
    this.show(message);
  }

  /** Errors show at once: a problem is never held back behind a confirmation, and those waiting are dropped. */
  error(text: string): void {
    this.cancelWaiting();
    this.show({ text, tone: 'error' });
  }

  /**
   * A failed result shows its sentence as an error; a successful one shows `success` when given
   * (a sentence, or one made from the value). True when the result succeeded.
   */
  notify<T>(result: Result<T>, success?: string | ((value: T) => string | null)): result is { ok: true; value: T } {
    if (!result.ok) {
      this.error(result.error.message);
      return false;
    }
    const text = typeof success === 'function' ? success(result.value) : success;
    if (text) this.info(text);
    return true;
  }

  /** Closes the message on screen; the next confirmation waiting for it shows at once. */
  dismiss(): void {
    if (this.waiting.length > 0) this.showNext();
    else this.current = null;
  }

  private show(message: NoticeMessage): void {
    this.current = message;
    this.readableUntil = message.tone === 'info' ? Date.now() + NOTICE_READING_MS : 0;
    this.schedulePromotion();
  }

  private schedulePromotion(): void {
    if (this.promotion !== null) clearTimeout(this.promotion);
    this.promotion = null;
    if (this.waiting.length === 0) return;
    this.promotion = setTimeout(
      () => {
        this.promotion = null;
        this.showNext();
      },
      Math.max(0, this.readableUntil - Date.now()),
    );
  }

  private showNext(): void {
    const next = this.waiting.shift();
    if (next) this.show(next);
    else this.current = null;
  }

  private cancelWaiting(): void {
    this.waiting = [];
    if (this.promotion !== null) clearTimeout(this.promotion);
    this.promotion = null;
  }
}
