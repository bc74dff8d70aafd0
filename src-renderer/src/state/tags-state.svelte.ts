/** Tags with their counts for the sidebar and the auto-tag panel; manual tagging, rename and delete. */
import type { TagSummary } from '../../../src-common/contract';
import { ok, type Result } from '../../../src-common/result';
import type { LumenClient } from '../api/lumen-client';

export class TagsState {
  list = $state.raw<TagSummary[]>([]);
  error = $state<string | null>(null);

  constructor(private readonly client: LumenClient) {}

  find(name: string): TagSummary | undefined {
    return this.list.find((tag) => tag.name === name);
  }

  async refresh(): Promise<void> {
    const result = await this.client.listTags();
    if (result.ok) {
      this.list = result.value;
      this.error = null;
    } else this.error = result.error.message;
  }

  /** Creates the tag (or adds words to it). */
  async add(name: string, descriptions: readonly string[]): Promise<Result<void>> {
    const result = await this.client.addTag({ name, ...(descriptions.length ? { descriptions: [...descriptions] } : {}) });
    if (!result.ok) return result;
    await this.refresh();
    return ok(undefined);
  }

  async rename(from: string, to: string): Promise<Result<void>> {
    const result = await this.client.renameTag({ from, to });
    if (!result.ok) return result;
    await this.refresh();
    return ok(undefined);
  }

  async remove(name: string): Promise<Result<void>> {
    const result = await this.client.deleteTag(name);
    if (!result.ok) return result;
    this.list = result.value;
    return ok(undefined);
  }

  /** Tags the photos by hand: they become accepted examples the tag learns from. */
  async tagPhotos(name: string, photoIds: readonly number[]): Promise<Result<void>> {
    const result = await this.client.tagPhotos({ tag: name, photos: [...photoIds] });
    if (!result.ok) return result;
    await this.refresh();
    return ok(undefined);
  }
}

/** Words typed in one box, one description per comma or line ("sea, sand and sun"). */
export function splitDescriptions(text: string): string[] {
  const words = text
    .split(/[,\n]/)
    .map((d) => d.trim())
    .filter((d) => d !== '');
  return words.filter((word, i) => words.indexOf(word) === i);
}
