/**
 * The open photo's favourite, rating and display rotation: read when the viewer shows a photo,
 * changed at once on screen and then kept in the library (getPhotoMarks, setPhotoMarks). A change
 * the services refuse is put back and said in a sentence.
 */
import type { MarkedPhoto, PhotoMarks, PhotoRotation } from '../../../src-common/contract-browse';
import type { LumenClient } from '../api/lumen-client';

export class PhotoMarksState {
  current = $state.raw<MarkedPhoto | null>(null);
  error = $state<string | null>(null);
  private serial = 0;

  /** `onchange`: the marks as the library now keeps them, after each change (the grid shows them too). */
  constructor(
    private readonly client: LumenClient,
    private readonly onchange: (marked: MarkedPhoto[]) => void = () => undefined,
  ) {}

  async load(photoId: number | null): Promise<void> {
    const serial = ++this.serial;
    if (photoId === null) {
      this.current = null;
      return;
    }
    if (this.current?.photoId !== photoId) this.current = { photoId, favourite: false, rating: 0, rotation: 0 };
    const result = await this.client.getPhotoMarks([photoId]);
    if (serial !== this.serial) return;
    if (result.ok) this.current = result.value[0] ?? null;
  }

  /** Marks the library now keeps for some photos (an undo put them back): the open photo's show at once. */
  accept(marked: readonly MarkedPhoto[]): void {
    const mine = marked.find((photo) => photo.photoId === this.current?.photoId);
    if (!mine) return;
    // A load or change on its way would otherwise put the older marks back over these.
    this.serial++;
    this.current = mine;
  }

  toggleFavourite(): Promise<void> {
    return this.change({ favourite: !(this.current?.favourite ?? false) });
  }

  /** Stars 1–5; the same number again takes the rating away (as Lightroom does). */
  rate(stars: number): Promise<void> {
    return this.change({ rating: this.current?.rating === stars ? 0 : stars });
  }

  /** A quarter turn clockwise (1) or anticlockwise (-1), for display only. */
  rotate(direction: 1 | -1): Promise<void> {
    const next = ((((this.current?.rotation ?? 0) + direction * 90) % 360) + 360) % 360;
    return this.change({ rotation: next as PhotoRotation });
  }

  private async change(change: Partial<PhotoMarks>): Promise<void> {
    const before = this.current;
    if (!before) return;
    this.serial++;
    this.current = { ...before, ...change };
    const result = await this.client.setPhotoMarks({ photos: [before.photoId], ...change });
    if (result.ok) {
      this.error = null;
      this.onchange(result.value);
      if (this.current.photoId === before.photoId) this.current = result.value[0] ?? this.current;
    } else {
      if (this.current.photoId === before.photoId) this.current = before;
      this.error = `Lumen could not keep this change: ${result.error.message}`;
    }
  }
}
