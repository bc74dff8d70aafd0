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

export class NoticeState {
  current = $state<NoticeMessage | null>(null);

  info(text: string): void {
    this.current = { text, tone: 'info' };
  }

  error(text: string): void {
    this.current = { text, tone: 'error' };
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

  dismiss(): void {
    this.current = null;
  }
}
