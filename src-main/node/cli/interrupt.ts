/**
 * Ctrl+C in the CLI: the first one cancels the command's token (the work stops at its next safe
 * point and says what it kept); a second one exits at once.
 */
import { CancellationTokenSource, type CancellationToken } from '../../../src-common/cancellation';
import type { CliIo } from './cli-io';

export interface InterruptCancellation {
  token: CancellationToken;
  /** Stops listening for Ctrl+C (call when the command ends). */
  dispose(): void;
}

export function cancelOnInterrupt(io: Pick<CliIo, 'err'>, stopping: string, signals: Pick<NodeJS.Process, 'on' | 'off'> = process): InterruptCancellation {
  const source = new CancellationTokenSource();
  const onInterrupt = (): void => {
    if (source.token.isCancellationRequested) process.exit(130);
    io.err(`\n${stopping} (Ctrl-C again to quit now)…\n`);
    source.cancel();
  };
  signals.on('SIGINT', onInterrupt);
  return { token: source.token, dispose: () => signals.off('SIGINT', onInterrupt) };
}
