import type { LibraryStatus, SearchHit } from '../../src-common/contract';

/** Placeholder window state (rune-based class, Immich style); the real UI comes with the app issue. */
export class StatusState {
  status = $state<LibraryStatus | null>(null);
  hits = $state<SearchHit[]>([]);
  error = $state<string | null>(null);

  async refresh(): Promise<void> {
    const result = await window.lumen.getStatus();
    if (result.ok) this.status = result.value;
    else this.error = result.error.message;
  }

  async search(text: string): Promise<void> {
    if (text.trim() === '') return;
    const result = await window.lumen.search({ text, limit: 24 });
    if (result.ok) this.hits = result.value.hits;
    else this.error = result.error.message;
  }
}
