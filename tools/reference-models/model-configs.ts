import type { DualEncoderArchitecture, TransformerSize, VisionTowerSize } from './architecture';

/** OpenAI CLIP's normalization constants, as every CLIP preprocessor_config.json carries them. */
export const CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073];
export const CLIP_STD = [0.26862954, 0.26130258, 0.27577711];

/** How the resize is written: today's `{shortest_edge}` form, or the older integer `size` of openai/clip-*. */
export type ClipSizeStyle = 'shortest-edge' | 'integer';

/** preprocessor_config.json as CLIPImageProcessor writes it: bicubic shortest-edge resize + centre crop. */
export function clipPreprocessorConfig(arch: DualEncoderArchitecture, style: ClipSizeStyle = 'shortest-edge'): Record<string, unknown> {
  const s = arch.vision.imageSize;
  return {
    ...(style === 'integer'
      ? { crop_size: s, size: s, feature_extractor_type: 'CLIPFeatureExtractor' }
      : { crop_size: { height: s, width: s }, size: { shortest_edge: s } }),
    do_center_crop: true,
    do_convert_rgb: true,
    do_normalize: true,
    do_rescale: true,
    do_resize: true,
    image_mean: CLIP_MEAN,
    image_std: CLIP_STD,
    image_processor_type: 'CLIPImageProcessor',
    resample: 3,
    rescale_factor: 1 / 255,
  };
}

/** preprocessor_config.json as SiglipImageProcessor writes it: bicubic stretch to a square, mean/std 0.5. */
export function siglipPreprocessorConfig(arch: DualEncoderArchitecture): Record<string, unknown> {
  const s = arch.vision.imageSize;
  return {
    do_normalize: true,
    do_rescale: true,
    do_resize: true,
    image_mean: [0.5, 0.5, 0.5],
    image_std: [0.5, 0.5, 0.5],
    image_processor_type: 'SiglipImageProcessor',
    processor_class: 'SiglipProcessor',
    resample: 3,
    rescale_factor: 1 / 255,
    size: { height: s, width: s },
  };
}

export interface ScoreParameters {
  /** The learned log-temperature as the checkpoint stores it: logits = exp(logit_scale) · cosine (+ bias). */
  logitScale: number;
  /** SigLIP's learned bias; CLIP has none. */
  logitBias: number | null;
}

/** config.json in Hugging Face's shape, plus the learned `logit_scale` / `logit_bias` Lumen reads for scores. */
export function modelConfig(arch: DualEncoderArchitecture, name: string, textVocabSize: number, scores: ScoreParameters): Record<string, unknown> {
  const clip = arch.family === 'clip';
  return {
    name,
    model_type: clip ? 'clip' : 'siglip',
    architectures: [clip ? 'CLIPModel' : 'SiglipModel'],
    ...(clip ? { projection_dim: arch.projectionDim, logit_scale_init_value: 2.6592 } : {}),
    logit_scale: scores.logitScale,
    ...(scores.logitBias === null ? {} : { logit_bias: scores.logitBias }),
    text_config: {
      ...transformerFields(arch.text, clip ? 'quick_gelu' : 'gelu_pytorch_tanh'),
      model_type: clip ? 'clip_text_model' : 'siglip_text_model',
      vocab_size: textVocabSize,
      max_position_embeddings: arch.text.maxPositions,
      ...(clip ? { eos_token_id: 2, bos_token_id: 0, pad_token_id: 1 } : { projection_size: arch.projectionDim }),
    },
    vision_config: {
      ...transformerFields(arch.vision, clip ? 'quick_gelu' : 'gelu_pytorch_tanh'),
      model_type: clip ? 'clip_vision_model' : 'siglip_vision_model',
      ...visionFields(arch.vision),
    },
  };
}

function transformerFields(size: TransformerSize, hiddenAct: string): Record<string, unknown> {
  return {
    hidden_size: size.hiddenSize,
    intermediate_size: size.intermediateSize,
    num_attention_heads: size.numHeads,
    num_hidden_layers: size.numLayers,
    layer_norm_eps: size.layerNormEps,
    hidden_act: hiddenAct,
  };
}

function visionFields(size: VisionTowerSize): Record<string, unknown> {
  return { image_size: size.imageSize, patch_size: size.patchSize, num_channels: 3 };
}
