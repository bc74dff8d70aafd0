/**
 * The open photo's tags in the viewer: read when a photo is shown; adding one tags the photo by hand
 * (a new name becomes a tag first), removing one says the photo is not that (a rejection the tag
 * learns from, as a rejected suggestion). Problems come back as a sentence.
 */
import type { LumenClient } from '../api/lumen-client';

export class PhotoTagsState {
  photoId = $state<number | null>(null);
  names = $state.raw<string[]>([]);
  error = $state<string | null>(null);
  private serial = 0;

  constructor(
    private readonly client: LumenClient,
    /** Called after a change, so the sidebar's counts follow. */
    private readonly changed: () => void = () => undefined,
  ) {}

  async load(photoId: number | null): Promise<void> {
    const serial = ++this.serial;
    if (photoId !== this.photoId) this.names = [];
    this.photoId = photoId;
    this.error = null;
    if (photoId === null) return;
    const result = await this.client.getPhotoTags(photoId);
    if (serial === this.serial && result.ok) this.names = result.value;
  }

  async add(name: string, knownTags: readonly string[]): Promise<boolean> {
    const photoId = this.photoId;
    const tag = name.trim();
    if (photoId === null || tag === '') return false;
    const existing = knownTags.find((known) => known.toLowerCase() === tag.toLowerCase());
    if (!existing) {
      const added = await this.client.addTag({ name: tag });
      if (!added.ok) return this.fail(`Lumen could not add the tag “${tag}”: ${added.error.message}`);
    }
    const result = await this.client.tagPhotos({ tag: existing ?? tag, photos: [photoId] });
    if (!result.ok) return this.fail(`Lumen could not tag this photo “${existing ?? tag}”: ${result.error.message}`);
    await this.load(photoId);
    this.changed();
    return true;
  }

  async remove(name: string): Promise<boolean> {
    const photoId = this.photoId;
    if (photoId === null) return false;
    const result = await this.client.decideSuggestions({ tag: name, decision: 'reject', photos: [photoId] });
    if (!result.ok) return this.fail(`Lumen could not take the tag “${name}” off this photo: ${result.error.message}`);
    await this.load(photoId);
    this.changed();
    return true;
  }

  private fail(sentence: string): false {
    this.error = sentence;
    return false;
  }
}
