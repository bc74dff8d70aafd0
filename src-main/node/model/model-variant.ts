/**
 * Which ONNX files of an export Lumen runs. transformers.js repositories ship the same towers in
 * several precisions side by side, told apart by a file-name suffix:
 * `onnx/vision_model.onnx`, `onnx/vision_model_quantized.onnx`, `onnx/vision_model_fp16.onnx`.
 */
export const MODEL_VARIANTS = ['fp32', 'quantized', 'fp16'] as const;
export type ModelVariant = (typeof MODEL_VARIANTS)[number];

const SUFFIX: Readonly<Record<ModelVariant, string>> = { fp32: '', quantized: '_quantized', fp16: '_fp16' };

export function isModelVariant(value: string): value is ModelVariant {
  return (MODEL_VARIANTS as readonly string[]).includes(value);
}

/** The tower files of a variant, relative to the model folder. */
export function variantFiles(variant: ModelVariant): { visionModel: string; textModel: string } {
  return { visionModel: `onnx/vision_model${SUFFIX[variant]}.onnx`, textModel: `onnx/text_model${SUFFIX[variant]}.onnx` };
}
