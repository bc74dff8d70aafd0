/**
 * The auto-tag panel: choose tags and where to look, run in the background (its progress pushed as
 * `tagRunProgress` events),
 * then review the suggestions, most confident first, one by one or all at once.
 */
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import { fileName } from '../lib/format';
import type { TagSuggestion } from '../../../src-common/contract';
import type { TagRunRequest, TagRunState } from '../../../src-common/contract-organize';
import type { LumenClient } from '../api/lumen-client';
import type { TagsState } from './tags-state.svelte';

export type TagRunScopeKind = 'folder' | 'selection' | 'library';

export class AutoTagState {
  /** Tags the next run suggests. */
  readonly chosen = new SvelteSet<string>();
  scope = $state<TagRunScopeKind>('library');
  folder = $state('');
  run = $state.raw<TagRunState | null>(null);
  error = $state<string | null>(null);
  /** The tag whose suggestions are under review. */
  reviewTag = $state<string | null>(null);
  suggestions = $state.raw<TagSuggestion[]>([]);
  /** Suggestions decided one by one in this review: they stay in place, marked, until the next review (U clears one). */
  readonly decided = new SvelteMap<number, 'accept' | 'reject'>();
  /** The suggestion the keyboard is on (index into `suggestions`). */
  cursor = $state(0);
  /** What the last decision did, for screen readers. */
  announcement = $state('');
  private stopListening: (() => void) | null = null;

  constructor(
    private readonly client: LumenClient,
    private readonly tags: TagsState,
    /** Called after decisions change which photos have a tag (the grid may show that tag). */
    private readonly onTagsChanged: () => void = () => {},
  ) {}

  get running(): boolean {
    return this.run?.running ?? false;
  }

  /** 0…1, or null before the run knows how many photos it covers. */
  get fraction(): number | null {
    const p = this.run?.progress;
    if (!p || p.total === 0) return null;
    return Math.min(1, p.done / p.total);
  }

  toggle(tag: string): void {
    if (this.chosen.has(tag)) this.chosen.delete(tag);
    else this.chosen.add(tag);
  }

  /** Opening the panel: what is going on now, and suggestions left from earlier runs. */
  async open(): Promise<void> {
    this.stopListening ??= this.client.listen('tagRunProgress', (state) => this.accept(state));
    const result = await this.client.getTagRun();
    if (result.ok) this.accept(result.value);
    if (this.reviewTag === null) {
      const waiting = this.tags.list.find((tag) => tag.suggested > 0);
      if (waiting) await this.review(waiting.name);
    }
  }

  async start(selection: readonly number[]): Promise<void> {
    const tags = this.tags.list.map((t) => t.name).filter((name) => this.chosen.has(name));
    if (tags.length === 0) {
      this.error = 'Choose at least one tag to suggest.';
      return;
    }
    const request: TagRunRequest = { tags };
    if (this.scope === 'folder') {
      if (!this.folder) {
        this.error = 'Choose a folder to tag.';
        return;
      }
      request.folder = this.folder;
    } else if (this.scope === 'selection') {
      if (selection.length === 0) {
        this.error = 'Select photos in the grid first, or tag a folder or the whole library.';
        return;
      }
      request.photos = [...selection];
    }
    this.error = null;
    const result = await this.client.startTagRun(request);
    if (result.ok) this.accept(result.value);
    else this.error = result.error.message;
  }

  async cancel(): Promise<void> {
    const result = await this.client.cancelTagRun();
    if (result.ok) this.accept(result.value);
  }

  /** Suggestions not decided yet. */
  get undecided(): TagSuggestion[] {
    return this.suggestions.filter((s) => !this.decided.has(s.photoId));
  }

  async review(tag: string): Promise<void> {
    if (this.reviewTag !== tag) {
      this.decided.clear();
      this.cursor = 0;
    }
    this.reviewTag = tag;
    const result = await this.client.listSuggestions(tag);
    if (this.reviewTag !== tag) return;
    if (result.ok) {
      // A suggestion again on the server (its decision undone) is undecided here too.
      for (const suggestion of result.value) this.decided.delete(suggestion.photoId);
      // Decided ones are no longer suggestions on the server, but stay in view (marked) until the next review.
      const kept = this.suggestions.filter((s) => this.decided.has(s.photoId) && !result.value.some((r) => r.photoId === s.photoId));
      this.suggestions = [...result.value, ...kept].sort((a, b) => b.confidence - a.confidence || a.photoId - b.photoId);
      this.cursor = Math.min(this.cursor, Math.max(0, this.suggestions.length - 1));
      this.error = null;
    } else this.error = result.error.message;
  }

  /** Accepts or rejects one suggestion, or (no photo) all of the tag's suggestions. */
  async decide(decision: 'accept' | 'reject', photoId?: number): Promise<void> {
    const tag = this.reviewTag;
    if (!tag) return;
    const result = await this.client.decideSuggestions({ tag, decision, ...(photoId === undefined ? {} : { photos: [photoId] }) });
    if (!result.ok) {
      this.error = result.error.message;
      return;
    }
    if (photoId === undefined) {
      this.suggestions = [];
      this.decided.clear();
      this.announcement = `${decision === 'accept' ? 'Accepted' : 'Rejected'} every suggestion for “${tag}”.`;
    } else {
      this.decided.set(photoId, decision);
      this.moveToNextUndecided(photoId);
      const left = this.undecided.length;
      this.announcement = `${decision === 'accept' ? 'Accepted' : 'Rejected'} “${tag}” for ${this.nameOf(photoId)}. ${left === 0 ? 'No suggestions left.' : `${left} left.`}`;
    }
    await this.tags.refresh();
    this.onTagsChanged();
  }

  /** Takes back the decision on one suggestion (U): it is a suggestion again. */
  async clear(photoId: number): Promise<void> {
    const tag = this.reviewTag;
    if (!tag || !this.decided.has(photoId)) return;
    const result = await this.client.decideSuggestions({ tag, decision: 'clear', photos: [photoId] });
    if (!result.ok) {
      this.error = result.error.message;
      return;
    }
    this.decided.delete(photoId);
    this.announcement = `Cleared the decision on ${this.nameOf(photoId)}: it is a suggestion again.`;
    await this.tags.refresh();
    this.onTagsChanged();
  }

  /** The keyboard's cursor to the next suggestion not decided yet (after `photoId`, then from the start). */
  private moveToNextUndecided(photoId: number): void {
    const from = this.suggestions.findIndex((s) => s.photoId === photoId);
    const order = [...this.suggestions.keys()].map((i) => (from + 1 + i) % this.suggestions.length);
    const next = order.find((i) => !this.decided.has((this.suggestions[i] as TagSuggestion).photoId));
    if (next !== undefined) this.cursor = next;
  }

  private nameOf(photoId: number): string {
    return fileName(this.suggestions.find((s) => s.photoId === photoId)?.path ?? 'the photo');
  }

  stop(): void {
    this.stopListening?.();
    this.stopListening = null;
  }

  /** Reads the run again (after reconnecting, when events may have been missed); only once the panel was opened. */
  async refresh(): Promise<void> {
    if (!this.stopListening) return;
    const result = await this.client.getTagRun();
    if (result.ok) this.accept(result.value);
    else this.error = result.error.message;
  }

  private accept(state: TagRunState): void {
    const wasRunning = this.running;
    this.run = state;
    if (wasRunning && !state.running) void this.finished(state);
  }

  private async finished(state: TagRunState): Promise<void> {
    if (state.lastError) this.error = state.lastError.message;
    await this.tags.refresh();
    const suggested = state.lastSummary?.suggested ?? {};
    const first = state.tags.find((tag) => (suggested[tag] ?? 0) > 0) ?? state.tags[0];
    if (first) await this.review(first);
  }
}
