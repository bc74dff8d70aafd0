/**
 * A removal a person can take back for a few seconds, as Gmail and Google Photos do: the window
 * hides the folder or tag at once and asks the services to remove it only when the undo time is
 * over, the toast is closed, another removal starts or the window goes away. Until then nothing
 * has changed in the library, so Undo loses nothing (a folder's photos keep their vectors).
 */
export const UNDO_SECONDS = 8;

export interface Removal {
  /** What the toast says, one sentence. */
  text: string;
  /** Removes it for good. */
  commit: () => Promise<void>;
  /** Shows it again (it was only hidden). */
  restore: () => Promise<void>;
}

export class PendingRemoval {
  current = $state.raw<Removal | null>(null);
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly undoMs = UNDO_SECONDS * 1000) {}

  /** Hides nothing itself: the caller has hidden what it removes. An earlier removal is done first. */
  async start(removal: Removal): Promise<void> {
    await this.flush();
    this.current = removal;
    this.timer = setTimeout(() => void this.flush(), this.undoMs);
  }

  /** Takes the removal back. */
  async undo(): Promise<void> {
    const removal = this.take();
    if (removal) await removal.restore();
  }

  /** Removes now what waits (the undo time ran out, or the toast was closed). */
  async flush(): Promise<void> {
    const removal = this.take();
    if (removal) await removal.commit();
  }

  private take(): Removal | null {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const removal = this.current;
    this.current = null;
    return removal;
  }
}
