/**
 * Changing what tags and categories mean from the window, and filing photos by hand: a tag's
 * words, a category's name, words and folder, deleting a category (hidden at once, deleted when the
 * undo time is over, as a tag is), and filing the selection or the open photo into a category.
 */
import type { CategoryChange } from '../../../src-common/contract-categories';
import { ok, type Result } from '../../../src-common/result';
import { plural } from '../lib/format';
import type { AppState } from './app-state.svelte';

export interface CategoryName {
  set: string;
  name: string;
}

export class CategoryEditing {
  /** The category whose edit dialog is open. */
  category = $state.raw<CategoryName | null>(null);
  /** The tag whose words dialog is open. */
  tag = $state<string | null>(null);

  constructor(private readonly app: AppState) {}

  /**
   * Replaces the tag's words; with `suggestAgain`, an Auto-tag run of that tag over the library
   * scores and calibrates it from them at once (else the next run does). True when saved.
   */
  async describeTag(name: string, descriptions: readonly string[], suggestAgain = false): Promise<boolean> {
    const result = await this.app.client.describeTag({ name, descriptions: [...descriptions] });
    if (!result.ok) return this.app.notify(result);
    await this.app.tags.refresh();
    if (!suggestAgain) {
      this.app.notices.info(`Saved the words of “${name}”; Auto-tag suggests photos from them at its next run.`);
      return true;
    }
    // The panel's state listens to the run's progress from here on, as when it is opened.
    await this.app.autoTag.open();
    const run = await this.app.client.startTagRun({ tags: [name] });
    if (!run.ok) {
      this.app.notices.error(`Saved the words of “${name}”, but Auto-tag could not start: ${run.error.message}`);
      return true;
    }
    await this.app.autoTag.refresh();
    this.app.notices.info(`Saved the words of “${name}”; Auto-tag is suggesting photos from them now.`);
    return true;
  }

  /** Changes the category; the grid follows a category that was renamed while open. */
  async editCategory(set: string, name: string, change: CategoryChange): Promise<Result<void>> {
    const result = await this.app.client.editCategory({
      set,
      name,
      ...(change.name !== undefined && change.name !== name ? { newName: change.name } : {}),
      ...(change.descriptions !== undefined ? { descriptions: change.descriptions } : {}),
      ...(change.folder !== undefined ? { folder: change.folder } : {}),
    });
    if (!result.ok) return result;
    await this.app.categories.refresh();
    const open = this.app.browse.category;
    if (open?.set === set && open.name === name && change.name !== undefined && change.name !== name) this.app.showCategory(set, change.name);
    this.app.notices.info(`Saved the category “${change.name ?? name}”.`);
    return ok(undefined);
  }

  /** Hides the category at once; it is deleted when the undo time is over, unless Undo brings it back. */
  async deleteCategory(set: string, name: string): Promise<void> {
    const categories = this.app.categories;
    categories.sets = categories.sets
      .map((s) => (s.name === set ? { ...s, categories: s.categories.filter((c) => c.name !== name) } : s))
      .filter((s) => s.categories.length > 0);
    const open = this.app.browse.category;
    if (open?.set === set && open.name === name) this.app.showFolder(null);
    await this.app.removal.start({
      text: `Deleted the category “${name}”; its photos and folder stay.`,
      commit: () => this.deleteCategoryNow(set, name),
      restore: () => categories.refresh(),
    });
  }

  private async deleteCategoryNow(set: string, name: string): Promise<void> {
    const result = await this.app.client.deleteCategory({ set, name });
    if (this.app.notify(result)) this.app.categories.sets = result.value;
    else await this.app.categories.refresh();
  }

  /**
   * Copies (or moves) library photos into the category; the results panel lists each one, with Undo.
   * Answers the sentence the status area shows (the viewer, which covers it, shows it too).
   */
  async fileInto(set: string, name: string, photos: ReadonlyArray<{ id: number; path: string }>, action: 'copy' | 'move' = 'copy'): Promise<string> {
    if (photos.length === 0) return '';
    const result = await this.app.categories.fileInto(set, name, photos, action, (id) => this.app.thumbnailUrl(id));
    if (!this.app.notify(result)) return result.error.message;
    const outcomes = this.app.categories.results ?? [];
    const filed = outcomes.filter((r) => r.destination !== null).length;
    const problem = outcomes.find((r) => r.error)?.error;
    const sentence = filed === 0 && problem ? problem : `${action === 'move' ? 'Moved' : 'Copied'} ${plural(filed, 'photo')} into “${name}”.`;
    this.app.notices.info(sentence);
    const open = this.app.browse.category;
    if (open?.set === set && open.name === name && !this.app.search.active) void this.app.browse.refresh();
    void this.app.library.refresh();
    return sentence;
  }
}
