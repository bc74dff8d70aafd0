/** Folders, counts, model and errors: the library's status, refreshed after changes. */
import type { LibraryStatus } from '../../../src-common/contract';
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

  /** Forgets the folder; returns an error sentence, or null when done. */
  async removeFolder(path: string): Promise<string | null> {
    const result = await this.client.removeFolder(path);
    if (!result.ok) return result.error.message;
    this.status = result.value;
    return null;
  }
}
