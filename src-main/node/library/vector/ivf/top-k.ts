/**
 * The `capacity` highest-scoring items seen so far, as a min-heap on score, so that each candidate
 * costs one comparison against the weakest kept score: scans over 10⁴–10⁵ vectors stay linear.
 */
export class TopK {
  private readonly scores: Float64Array;
  private readonly ids: Float64Array;
  private size = 0;

  constructor(readonly capacity: number) {
    this.scores = new Float64Array(Math.max(capacity, 1));
    this.ids = new Float64Array(Math.max(capacity, 1));
  }

  /** The score a candidate must beat to be kept. */
  get threshold(): number {
    return this.size < this.capacity ? -Infinity : (this.scores[0] as number);
  }

  offer(id: number, score: number): void {
    if (this.capacity === 0) return;
    if (this.size < this.capacity) {
      this.scores[this.size] = score;
      this.ids[this.size] = id;
      this.siftUp(this.size++);
    } else if (score > (this.scores[0] as number)) {
      this.scores[0] = score;
      this.ids[0] = id;
      this.siftDown(0);
    }
  }

  /** Best first. */
  sorted(): { id: number; score: number }[] {
    const out: { id: number; score: number }[] = [];
    for (let i = 0; i < this.size; i++) out.push({ id: this.ids[i] as number, score: this.scores[i] as number });
    return out.sort((a, b) => b.score - a.score || a.id - b.id);
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.scores[parent] as number) <= (this.scores[i] as number)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < this.size && (this.scores[left] as number) < (this.scores[smallest] as number)) smallest = left;
      if (right < this.size && (this.scores[right] as number) < (this.scores[smallest] as number)) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private swap(a: number, b: number): void {
    const score = this.scores[a] as number;
    this.scores[a] = this.scores[b] as number;
    this.scores[b] = score;
    const id = this.ids[a] as number;
    this.ids[a] = this.ids[b] as number;
    this.ids[b] = id;
  }
}
