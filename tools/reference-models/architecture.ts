/**
 * Sizes of the two dual-encoder families Lumen reads, named after the fields of their Hugging Face
 * config.json (`vision_config` / `text_config`), so a generated config reads like a real one.
 */
export type ModelFamily = 'clip' | 'siglip';

export interface TransformerSize {
  hiddenSize: number;
  numHeads: number;
  numLayers: number;
  intermediateSize: number;
  layerNormEps: number;
}

export interface VisionTowerSize extends TransformerSize {
  imageSize: number;
  patchSize: number;
}

export interface TextTowerSize extends TransformerSize {
  /** Longest token sequence: the length of the position-embedding table. */
  maxPositions: number;
}

export interface DualEncoderArchitecture {
  family: ModelFamily;
  vision: VisionTowerSize;
  text: TextTowerSize;
  /** CLIP projects both towers to this size; SigLIP's vectors are hidden-size (its text head maps to it). */
  projectionDim: number;
}

/** A few-kilobyte model of either family: enough layers and heads to exercise every operator. */
export function tinyArchitecture(family: ModelFamily): DualEncoderArchitecture {
  const eps = family === 'clip' ? 1e-5 : 1e-6;
  const hidden = 32;
  return {
    family,
    vision: { hiddenSize: hidden, numHeads: 4, numLayers: 2, intermediateSize: 64, layerNormEps: eps, imageSize: 32, patchSize: 8 },
    text: { hiddenSize: hidden, numHeads: 4, numLayers: 2, intermediateSize: 64, layerNormEps: eps, maxPositions: family === 'clip' ? 77 : 64 },
    projectionDim: family === 'clip' ? 24 : hidden,
  };
}

/** The sizes of openai/clip-vit-base-patch32 (ViT-B/32) and google/siglip-base-patch16-224, for benchmarks. */
export function baseArchitecture(family: ModelFamily): DualEncoderArchitecture {
  if (family === 'clip') {
    return {
      family,
      vision: { hiddenSize: 768, numHeads: 12, numLayers: 12, intermediateSize: 3072, layerNormEps: 1e-5, imageSize: 224, patchSize: 32 },
      text: { hiddenSize: 512, numHeads: 8, numLayers: 12, intermediateSize: 2048, layerNormEps: 1e-5, maxPositions: 77 },
      projectionDim: 512,
    };
  }
  return {
    family,
    vision: { hiddenSize: 768, numHeads: 12, numLayers: 12, intermediateSize: 3072, layerNormEps: 1e-6, imageSize: 224, patchSize: 16 },
    text: { hiddenSize: 768, numHeads: 12, numLayers: 12, intermediateSize: 3072, layerNormEps: 1e-6, maxPositions: 64 },
    projectionDim: 768,
  };
}

export function headDim(size: TransformerSize): number {
  if (size.hiddenSize % size.numHeads !== 0) throw new Error(`hidden size ${size.hiddenSize} is not divisible by ${size.numHeads} heads`);
  return size.hiddenSize / size.numHeads;
}
