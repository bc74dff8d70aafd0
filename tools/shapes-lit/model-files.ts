import type { FeatureSettings } from './feature-graph';

/** How photos become pixel_values, read back by Lumen from preprocessor_config.json like any export. */
export interface ShapesLitPreprocessing {
  shortestEdge: number;
}

/**
 * preprocessor_config.json. Shortest edge, not a square crop: a 6:1 photo keeps the shape whole.
 * Resample 1 (lanczos, an antialiased resize in sharp): with bicubic, which transformers.js
 * implements as point sampling, noisy backgrounds survived a 9× downscale and shape accuracy
 * on σ=14 noise fell to 0.77; with lanczos it stayed at 0.98.
 */
export function preprocessorConfigJson(preprocessing: ShapesLitPreprocessing): Record<string, unknown> {
  return {
    image_processor_type: 'CLIPImageProcessor',
    feature_extractor_type: 'CLIPFeatureExtractor',
    do_convert_rgb: true,
    do_resize: true,
    size: { shortest_edge: preprocessing.shortestEdge },
    resample: 1,
    do_center_crop: false,
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [0.5, 0.5, 0.5],
    image_std: [0.5, 0.5, 0.5],
  };
}

export const PIXEL_NORMALIZATION = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } as const;

export interface ConfigDetails {
  seed: number;
  embedDim: number;
  hiddenUnits: number;
  vocabSize: number;
  maxLength: number;
  logitScale: number;
  features: readonly string[];
  featureSettings: FeatureSettings;
  trainingPhotos: number;
  imageEpochs: number;
  textSteps: number;
  supervisedAccuracy: { color: number; shape: number };
}

/** config.json: what the model is and how it was made. Nothing time-dependent, so it is reproducible. */
export function configJson(details: ConfigDetails): Record<string, unknown> {
  return {
    name: 'shapes-lit',
    model_type: 'shapes-lit',
    architectures: ['ShapesLitDualEncoder'],
    description:
      'Demo image-text model for the shapes world (8 colours x 4 shapes on grey backgrounds), made by Lumen ' +
      '(tools/shapes-lit) with the LiT recipe: a fixed feature extractor plus an MLP trained supervised on ' +
      'synthetic photos forms the image tower, which is then locked; the text tower (mean of token embeddings) ' +
      'is trained contrastively (multi-positive InfoNCE) against the locked image embeddings. ' +
      'Vectors of photos outside the shapes world are meaningless.',
    seed: details.seed,
    projection_dim: details.embedDim,
    logit_scale: details.logitScale,
    logit_scale_note: 'logits = exp(logit_scale) * cosine(image_embeds, text_embeds), as in CLIP',
    vision_config: {
      feature_extractor: 'fixed ONNX ops: 3x3 average pool, chroma mask, chroma-weighted colour, invariant complex and radial moments',
      features: details.features,
      mask_chroma_low: details.featureSettings.maskLow,
      mask_chroma_high: details.featureSettings.maskHigh,
      moment_orders: details.featureSettings.momentOrders,
      hidden_size: details.hiddenUnits,
      projection_dim: details.embedDim,
      training: {
        photos: details.trainingPhotos,
        epochs: details.imageEpochs,
        heads: 'colour (8-way) and shape (4-way) softmax on the L2-normalized embedding; discarded after training',
        training_accuracy: details.supervisedAccuracy,
      },
    },
    text_config: {
      vocab_size: details.vocabSize,
      max_position_embeddings: details.maxLength,
      architecture: 'token embeddings averaged over the attention mask',
      projection_dim: details.embedDim,
      training: { steps: details.textSteps, loss: 'symmetric multi-positive InfoNCE against the locked image tower' },
    },
  };
}
