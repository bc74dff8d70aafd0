/**
 * A `beforeSwap` hook for background vector rebuilds that the test opens by hand: `reached` resolves
 * once a rebuild's worker has built the new layout and waits for its swap; `open()` lets it swap.
 * Writes made in between land "during" the rebuild, deterministically.
 */
export class SwapGate {
  readonly reached: Promise<void>;
  private signalReached!: () => void;
  private letThrough!: () => void;
  private readonly opened: Promise<void>;

  constructor() {
    this.reached = new Promise((resolve) => (this.signalReached = resolve));
    this.opened = new Promise((resolve) => (this.letThrough = resolve));
  }

  readonly beforeSwap = (): Promise<void> => {
    this.signalReached();
    return this.opened;
  };

  open(): void {
    this.letThrough();
  }
}
