import type { Prng } from './prng';

/** A fully connected layer y = x·W + b with W stored [inputs][outputs], as ONNX MatMul reads it. */
export class DenseLayer {
  readonly weights: Float64Array;
  readonly bias: Float64Array;
  readonly weightGrad: Float64Array;
  readonly biasGrad: Float64Array;

  constructor(
    readonly inputs: number,
    readonly outputs: number,
    rng: Prng,
  ) {
    // He initialization: suits the ReLU that follows the hidden layer, harmless elsewhere.
    const scale = Math.sqrt(2 / inputs);
    this.weights = Float64Array.from({ length: inputs * outputs }, () => rng.gaussian() * scale);
    this.bias = new Float64Array(outputs);
    this.weightGrad = new Float64Array(inputs * outputs);
    this.biasGrad = new Float64Array(outputs);
  }

  forward(x: Float64Array, y: Float64Array): void {
    y.set(this.bias);
    for (let i = 0; i < this.inputs; i++) {
      const xi = x[i] ?? 0;
      if (xi === 0) continue;
      const row = i * this.outputs;
      for (let j = 0; j < this.outputs; j++) y[j] = (y[j] ?? 0) + xi * (this.weights[row + j] ?? 0);
    }
  }

  /** Accumulates parameter gradients for one sample; writes dL/dx into `gradInput` when given. */
  backward(x: Float64Array, gradOutput: Float64Array, gradInput?: Float64Array): void {
    for (let j = 0; j < this.outputs; j++) this.biasGrad[j] = (this.biasGrad[j] ?? 0) + (gradOutput[j] ?? 0);
    for (let i = 0; i < this.inputs; i++) {
      const xi = x[i] ?? 0;
      const row = i * this.outputs;
      let sum = 0;
      for (let j = 0; j < this.outputs; j++) {
        const g = gradOutput[j] ?? 0;
        this.weightGrad[row + j] = (this.weightGrad[row + j] ?? 0) + xi * g;
        sum += (this.weights[row + j] ?? 0) * g;
      }
      if (gradInput) gradInput[i] = sum;
    }
  }

  zeroGrad(): void {
    this.weightGrad.fill(0);
    this.biasGrad.fill(0);
  }

  get parameters(): Float64Array[] {
    return [this.weights, this.bias];
  }

  get gradients(): Float64Array[] {
    return [this.weightGrad, this.biasGrad];
  }
}
