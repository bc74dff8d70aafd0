/** Folders, counts, model and errors: the library's status, refreshed after changes. */
import type { LibraryStatus } from '../../../src-common/contract';
import type { Result } from '../../../src-common/result';
import type { LumenClient } from '../api/lumen-client';

export class LibraryState {
  status = $state.raw<LibraryStatus | null>(null);
  error = $state<string | null>(null);

  constructor(private readonly client: LumenClient) {}

  get folders() {
    return this.status?.roots ?? [];
  }

  async refresh(): Promise<void> {
    const result = await this.client.getStatus();
    if (result.ok) {
      this.status = result.value;
      this.error = null;
    } else {
      this.error = result.error.message;
    }
  }

  /** Forgets the folder (its files stay on disk). */
  async removeFolder(path: string): Promise<Result<LibraryStatus>> {
    const result = await this.client.removeFolder(path);
    if (result.ok) this.status = result.value;
    return result;
  }
}
