import { errorFields, type Logger } from '../logging/logger';

/** Something that holds resources (processes, files, connections) until disposed. */
export interface IDisposable {
  dispose(): void | Promise<void>;
}

/** A disposable from a plain function. */
export function toDisposable(dispose: () => void | Promise<void>): IDisposable {
  return { dispose };
}

/**
 * Owns disposables and disposes of them in reverse order of adding, so what was created last (and
 * may use what came before) goes first. Every one is disposed even when an earlier one fails; each
 * failure is logged, and dispose() then rejects with the failure (or an AggregateError of all).
 * Disposing twice does the work once; adding to a disposed store disposes the newcomer at once.
 */
export class DisposableStore implements IDisposable {
  private readonly items: IDisposable[] = [];
  private disposing: Promise<void> | null = null;

  constructor(private readonly logger: Logger) {}

  get isDisposed(): boolean {
    return this.disposing !== null;
  }

  add<T extends IDisposable>(item: T): T {
    if (this.disposing) {
      this.logger.warn({}, 'disposable added after its store was disposed; disposed at once');
      void Promise.resolve()
        .then(() => item.dispose())
        .catch((error: unknown) => this.logger.error(errorFields(error), 'dispose failed'));
      return item;
    }
    this.items.push(item);
    return item;
  }

  dispose(): Promise<void> {
    this.disposing ??= this.disposeAll();
    return this.disposing;
  }

  private async disposeAll(): Promise<void> {
    const failures: unknown[] = [];
    for (const item of this.items.splice(0).reverse()) {
      try {
        await item.dispose();
      } catch (error) {
        this.logger.error(errorFields(error), 'dispose failed');
        failures.push(error);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, `${failures.length} resources failed to close`);
  }
}
