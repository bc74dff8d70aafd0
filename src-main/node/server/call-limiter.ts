/**
 * How many contract calls the server works on at once. A call holds its slot from reading its body
 * to sending its answer, so bodies in memory are bounded too (running × the body limit); calls
 * over the limit wait their turn without their bodies being read, and once too many wait, new ones
 * are turned away (the server answers 503 with Retry-After). Without it, 300 concurrent 1 MB
 * `classifyImage` calls took the server from 150 to 754 MB.
 */
export type Release = () => void;

export class CallLimiter {
  private running = 0;
  private readonly waiting = new Set<() => void>();

  constructor(
    readonly maxRunning: number,
    readonly maxWaiting: number,
  ) {}

  /**
   * Resolves with the function that gives the slot back once it is this call's turn; with null
   * when too many calls wait already, or when `abandoned` fires first (the client went away).
   */
  acquire(abandoned: (cancel: () => void) => void): Promise<Release | null> {
    if (this.running < this.maxRunning) return Promise.resolve(this.take());
    if (this.waiting.size >= this.maxWaiting) return Promise.resolve(null);
    return new Promise((resolve) => {
      const turn = (): void => {
        this.waiting.delete(turn);
        resolve(this.take());
      };
      this.waiting.add(turn);
      abandoned(() => {
        if (this.waiting.delete(turn)) resolve(null);
      });
    });
  }

  private take(): Release {
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      const [next] = this.waiting;
      next?.();
    };
  }
}
