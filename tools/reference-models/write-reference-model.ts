import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WeightPrecision } from '../onnx-builder/dynamic-quantization';
import { tinyArchitecture, type DualEncoderArchitecture, type ModelFamily } from './architecture';
import { clipTextModel, clipVisionModel } from './clip-towers';
import { clipTokenizer, type GeneratedTokenizer } from './clip-tokenizer';
import { clipPreprocessorConfig, modelConfig, siglipPreprocessorConfig, type ClipSizeStyle, type ScoreParameters } from './model-configs';
import { siglipTextModel, siglipVisionModel } from './siglip-towers';
import { siglipTokenizer } from './siglip-tokenizer';

export interface ReferenceModelOptions {
  family: ModelFamily;
  /** Defaults to the tiny architecture of the family. */
  architecture?: DualEncoderArchitecture;
  /** Seeds the image tower; two folders with the same vision seed share an image tower, byte for byte. */
  visionSeed?: number;
  /** Seeds the text tower independently. */
  textSeed?: number;
  name?: string;
  /** Also write `onnx/*_quantized.onnx` (dynamic uint8 weights), as transformers.js repositories do. */
  quantized?: boolean;
  /** Also write `onnx/*_fp16.onnx` (weight matrices in half precision). */
  fp16?: boolean;
  clipSizeStyle?: ClipSizeStyle;
  scores?: ScoreParameters;
}

/** CLIP's learned temperature is clamped at ln 100; SigLIP base learns about ln 117 and a bias near −12.9. */
const DEFAULT_SCORES: Record<ModelFamily, ScoreParameters> = {
  clip: { logitScale: Math.log(100), logitBias: null },
  siglip: { logitScale: 4.7648, logitBias: -12.9324 },
};

/**
 * Writes a model folder in the transformers.js export layout with the real architecture of the
 * family and seeded random weights: config.json, preprocessor_config.json, tokenizer.json,
 * tokenizer_config.json, onnx/vision_model.onnx, onnx/text_model.onnx (and quantized variants).
 */
export async function writeReferenceModel(folder: string, options: ReferenceModelOptions): Promise<string> {
  const arch = options.architecture ?? tinyArchitecture(options.family);
  const visionSeed = options.visionSeed ?? 1;
  const textSeed = options.textSeed ?? 2;
  const tokenizer: GeneratedTokenizer = arch.family === 'clip' ? clipTokenizer() : siglipTokenizer();
  const name = options.name ?? `reference-${arch.family}`;
  await mkdir(join(folder, 'onnx'), { recursive: true });
  const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  await writeFile(join(folder, 'config.json'), json(modelConfig(arch, name, tokenizer.vocabSize, options.scores ?? DEFAULT_SCORES[arch.family])));
  await writeFile(
    join(folder, 'preprocessor_config.json'),
    json(arch.family === 'clip' ? clipPreprocessorConfig(arch, options.clipSizeStyle) : siglipPreprocessorConfig(arch)),
  );
  await writeFile(join(folder, 'tokenizer.json'), json(tokenizer.tokenizerJson));
  await writeFile(join(folder, 'tokenizer_config.json'), json(tokenizer.tokenizerConfig));
  const precisions: Array<[WeightPrecision, string]> = [['fp32', '']];
  if (options.quantized) precisions.push(['dynamic-uint8', '_quantized']);
  if (options.fp16) precisions.push(['fp16-weights', '_fp16']);
  for (const [precision, suffix] of precisions) {
    const vision = arch.family === 'clip' ? clipVisionModel(arch, visionSeed, precision) : siglipVisionModel(arch, visionSeed, precision);
    const text =
      arch.family === 'clip' ? clipTextModel(arch, tokenizer.vocabSize, textSeed, precision) : siglipTextModel(arch, tokenizer.vocabSize, textSeed, precision);
    await writeFile(join(folder, `onnx/vision_model${suffix}.onnx`), vision);
    await writeFile(join(folder, `onnx/text_model${suffix}.onnx`), text);
  }
  return folder;
}
