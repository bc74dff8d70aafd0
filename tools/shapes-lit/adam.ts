/** Adam (Kingma & Ba) over a fixed list of parameter arrays, updated in place. */
export class Adam {
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];
  private steps = 0;

  constructor(
    private readonly params: readonly Float64Array[],
    private readonly options: { learningRate: number; beta1?: number; beta2?: number; epsilon?: number; weightDecay?: number },
  ) {
    this.m = params.map((p) => new Float64Array(p.length));
    this.v = params.map((p) => new Float64Array(p.length));
  }

  /** One update; `grads[i]` matches `params[i]`. `learningRate` overrides the default for a schedule. */
  step(grads: readonly Float64Array[], learningRate = this.options.learningRate): void {
    const beta1 = this.options.beta1 ?? 0.9;
    const beta2 = this.options.beta2 ?? 0.999;
    const epsilon = this.options.epsilon ?? 1e-8;
    const decay = this.options.weightDecay ?? 0;
    this.steps++;
    const correction1 = 1 - beta1 ** this.steps;
    const correction2 = 1 - beta2 ** this.steps;
    this.params.forEach((param, k) => {
      const grad = grads[k];
      const m = this.m[k];
      const v = this.v[k];
      if (!grad || !m || !v || grad.length !== param.length) throw new Error(`gradient ${k} does not match its parameter`);
      for (let i = 0; i < param.length; i++) {
        const g = grad[i] ?? 0;
        const mi = beta1 * (m[i] ?? 0) + (1 - beta1) * g;
        const vi = beta2 * (v[i] ?? 0) + (1 - beta2) * g * g;
        m[i] = mi;
        v[i] = vi;
        // Decoupled weight decay (AdamW).
        param[i] = (param[i] ?? 0) * (1 - learningRate * decay) - (learningRate * (mi / correction1)) / (Math.sqrt(vi / correction2) + epsilon);
      }
    });
  }
}
