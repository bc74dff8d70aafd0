/** The large-photo viewer: which grid item is open, its details, and photos like it. */
import type { PhotoDetails } from '../../../src-common/contract-app';
import type { SearchHit } from '../../../src-common/contract';
import type { LumenClient } from '../api/lumen-client';
import type { GridSource } from './grid-source';

export const SIMILAR_COUNT = 12;

export class ViewerState {
  index = $state<number | null>(null);
  details = $state.raw<PhotoDetails | null>(null);
  similar = $state.raw<SearchHit[]>([]);
  error = $state<string | null>(null);
  private serial = 0;

  constructor(
    private readonly client: LumenClient,
    private readonly source: () => GridSource,
  ) {}

  get open(): boolean {
    return this.index !== null;
  }

  get photoId(): number | null {
    return this.index === null ? null : (this.source().item(this.index)?.id ?? null);
  }

  /** The open item's path (known before its details load): the viewer plays a video, draws a photo. */
  get path(): string | null {
    return this.index === null ? null : (this.source().item(this.index)?.path ?? null);
  }

  /** Where a video opened from a search hit starts: the moment that matched; else its beginning. */
  get videoStartMs(): number {
    return this.index === null ? 0 : (this.source().item(this.index)?.videoAtMs ?? 0);
  }

  show(index: number): void {
    // A cell whose page never arrived (the server was away) has nothing to show: no empty viewer over the window.
    if (this.source().item(index) === undefined) return;
    this.index = index;
    void this.load();
  }

  /** Opens a photo by id when the grid has it loaded; false when it does not (the caller searches instead). */
  showPhoto(photoId: number): boolean {
    const source = this.source();
    for (let i = 0; i < source.count; i++) {
      const item = source.item(i);
      if (item?.id === photoId) {
        this.show(i);
        return true;
      }
    }
    return false;
  }

  step(delta: number): void {
    if (this.index === null) return;
    const count = this.source().count;
    const next = Math.min(count - 1, Math.max(0, this.index + delta));
    if (next !== this.index) this.show(next);
  }

  close(): void {
    this.index = null;
    this.details = null;
    this.similar = [];
  }

  private async load(): Promise<void> {
    const serial = ++this.serial;
    const id = this.photoId;
    if (id === null) return;
    const [details, similar] = await Promise.all([this.client.getPhoto(id), this.client.search({ text: '', like: [id], limit: SIMILAR_COUNT })]);
    if (serial !== this.serial) return;
    this.details = details.ok ? details.value : null;
    this.similar = similar.ok ? similar.value.hits : [];
    this.error = details.ok ? null : details.error.message;
  }
}
