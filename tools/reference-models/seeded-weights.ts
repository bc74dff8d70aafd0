import { floatTensor, type TensorData } from '../onnx-builder/tensor-data';
import { Prng } from '../shapes-lit/prng';

/**
 * Random weights drawn per tensor name from its own stream, so a tensor's values depend only on
 * the seed and its name: the vision tower comes out byte-identical whatever the text tower is,
 * which is what lets tests build two text towers for one image tower.
 */
export class SeededWeights {
  constructor(private readonly seed: number) {}

  /** Normal with mean `mean` and standard deviation `std`. */
  normal(name: string, dims: readonly number[], std: number, mean = 0): TensorData {
    const prng = Prng.derive(this.seed, name);
    const count = dims.reduce((a, b) => a * b, 1);
    return floatTensor(
      Array.from({ length: count }, () => mean + std * prng.gaussian()),
      dims,
    );
  }

  /** A [in, out] matrix scaled by 1/√in so activations keep unit size through many layers. */
  matrix(name: string, inFeatures: number, outFeatures: number): TensorData {
    return this.normal(name, [inFeatures, outFeatures], 1 / Math.sqrt(inFeatures));
  }
}
