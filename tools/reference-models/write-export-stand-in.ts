/**
 * Stand-ins for real published exports: each folder has the file layout, config keys and graph
 * signatures of one Hugging Face repository (as listed on the hub and read from its config files),
 * with the tiny architecture and seeded random weights of this folder's generators. What differs
 * from the real repository is said at each layout.
 */
import type { WeightPrecision } from '../onnx-builder/dynamic-quantization';
import { tinyArchitecture } from './architecture';
import { clipTextModel, clipVisionModel } from './clip-towers';
import { clipTokenizer } from './clip-tokenizer';
import { distilBertModel, safetensorsBytes } from './distilbert-tower';
import { combineTowers, externalizeWeights } from './export-layouts';
import { clipPreprocessorConfig, modelConfig, siglipPreprocessorConfig } from './model-configs';
import { SeededWeights } from './seeded-weights';
import { siglipTextModel, siglipVisionModel } from './siglip-towers';
import { siglipTokenizer } from './siglip-tokenizer';
import { prettyJson, standInFileWriter, SUFFIX_PRECISION } from './stand-in-files';
import { wordPieceTokenizer } from './wordpiece-tokenizer';

export const EXPORT_LAYOUTS = ['xenova-clip', 'xenova-siglip', 'mobileclip', 'jina-clip-v1', 'jina-clip-v2', 'clip-multilingual'] as const;
export type ExportLayout = (typeof EXPORT_LAYOUTS)[number];

export interface StandInOptions {
  /** Seeds the image tower: `xenova-clip` and `clip-multilingual` with one vision seed share an image tower byte for byte. */
  visionSeed?: number;
  textSeed?: number;
}

export async function writeExportStandIn(folder: string, layout: ExportLayout, options: StandInOptions = {}): Promise<string> {
  const visionSeed = options.visionSeed ?? 1;
  const textSeed = options.textSeed ?? 2;
  const write = standInFileWriter(folder);
  const clip = tinyArchitecture('clip');
  switch (layout) {
    // Xenova/clip-vit-base-patch32, -patch16, -large-patch14: split towers in every dtype, a text
    // tower that takes input_ids only, and a config.json without the learned logit_scale.
    case 'xenova-clip': {
      const tokenizer = clipTokenizer();
      await write(
        'config.json',
        prettyJson(withoutScores(modelConfig(clip, 'Xenova/clip-vit-base-patch32', tokenizer.vocabSize, { logitScale: 0, logitBias: null }))),
      );
      await write('preprocessor_config.json', prettyJson(clipPreprocessorConfig(clip)));
      await write('tokenizer.json', prettyJson(tokenizer.tokenizerJson));
      await write('tokenizer_config.json', prettyJson(tokenizer.tokenizerConfig));
      for (const [suffix, precision] of SUFFIX_PRECISION) {
        await write(`onnx/vision_model${suffix}.onnx`, clipVisionModel(clip, visionSeed, precision));
        await write(`onnx/text_model${suffix}.onnx`, clipTextModel(clip, tokenizer.vocabSize, textSeed, precision, { attentionMask: false }));
      }
      return folder;
    }
    // Xenova/siglip-base-patch16-224: input_ids only → pooler_output, padded to 64; no logit scale or bias in config.json.
    case 'xenova-siglip': {
      const arch = tinyArchitecture('siglip');
      const tokenizer = siglipTokenizer();
      await write(
        'config.json',
        prettyJson(withoutScores(modelConfig(arch, 'Xenova/siglip-base-patch16-224', tokenizer.vocabSize, { logitScale: 0, logitBias: 0 }))),
      );
      await write('preprocessor_config.json', prettyJson(siglipPreprocessorConfig(arch)));
      await write('tokenizer.json', prettyJson(tokenizer.tokenizerJson));
      await write('tokenizer_config.json', prettyJson(tokenizer.tokenizerConfig));
      for (const [suffix, precision] of SUFFIX_PRECISION.slice(0, 3)) {
        await write(`onnx/vision_model${suffix}.onnx`, siglipVisionModel(arch, visionSeed, precision));
        await write(`onnx/text_model${suffix}.onnx`, siglipTextModel(arch, tokenizer.vocabSize, textSeed, precision));
      }
      return folder;
    }
    // Xenova/mobileclip_s0: model_type clip, transformers.js_config pins an fp32 vision tower (its
    // quantized one is known broken: here written from another seed, so using it shows), a text
    // graph fixed at 77 tokens. The real towers are MobileCLIP's (FastViT-style image encoder);
    // the preprocessor values here are CLIP's layout without normalization, not read from the repository.
    case 'mobileclip': {
      const tokenizer = clipTokenizer();
      await write(
        'config.json',
        prettyJson({
          model_type: 'clip',
          'transformers.js_config': {
            dtype: { vision_model: 'fp32' },
            device_config: { webnn: { free_dimension_overrides: { batch_size: 1 } }, 'webnn-gpu': { free_dimension_overrides: { batch_size: 1 } } },
          },
        }),
      );
      const { image_mean: _mean, image_std: _std, ...preprocessor } = clipPreprocessorConfig(clip);
      await write('preprocessor_config.json', prettyJson({ ...preprocessor, do_normalize: false }));
      await write('tokenizer.json', prettyJson(tokenizer.tokenizerJson));
      await write('tokenizer_config.json', prettyJson(tokenizer.tokenizerConfig));
      await write('onnx/vision_model.onnx', clipVisionModel(clip, visionSeed, 'fp32'));
      await write('onnx/vision_model_quantized.onnx', clipVisionModel(clip, visionSeed + 1000, 'dynamic-uint8'));
      for (const [suffix, precision] of SUFFIX_PRECISION.slice(0, 2)) {
        await write(`onnx/text_model${suffix}.onnx`, clipTextModel(clip, tokenizer.vocabSize, textSeed, precision, { attentionMask: false, fixedLength: 77 }));
      }
      return folder;
    }
    // jinaai/jina-clip-v1: model_type jina_clip, its own preprocessor_config.json (JinaCLIPImageProcessor),
    // a BERT (uncased) WordPiece tokenizer with 8192 tokens, split towers in every dtype → text_embeds / image_embeds.
    // The real text tower is JinaBERT (ALiBi, mean pooling) and the vision tower EVA02; these are CLIP blocks.
    case 'jina-clip-v1': {
      const tokenizer = wordPieceTokenizer({ lowercase: true, modelMaxLength: 8192, tokenizerClass: 'BertTokenizer' });
      await write('config.json', prettyJson(jinaConfig(clip, tokenizer.vocabSize)));
      await write('preprocessor_config.json', prettyJson(jinaPreprocessorConfig(clip.vision.imageSize)));
      await write('tokenizer.json', prettyJson(tokenizer.tokenizerJson));
      await write('tokenizer_config.json', prettyJson(tokenizer.tokenizerConfig));
      for (const [suffix, precision] of SUFFIX_PRECISION.filter(([s]) => s !== '_q4f16')) {
        await write(`onnx/vision_model${suffix}.onnx`, clipVisionModel(clip, visionSeed, precision));
        await write(`onnx/text_model${suffix}.onnx`, clipTextModel(clip, tokenizer.vocabSize, textSeed, precision));
      }
      return folder;
    }
    // jinaai/jina-clip-v2: both towers in onnx/model.onnx (input_ids, pixel_values → text_embeddings,
    // image_embeddings, l2norm_*), the fp32 weights in onnx/model.onnx_data; a SentencePiece tokenizer
    // (XLM-RoBERTa's family; here the SigLIP-shaped Unigram generator) with 8192 tokens.
    case 'jina-clip-v2': {
      const base = siglipTokenizer();
      const tokenizer = { ...base, tokenizerConfig: { ...base.tokenizerConfig, tokenizer_class: 'XLMRobertaTokenizer', model_max_length: 8192 } };
      await write('config.json', prettyJson(jinaConfig(clip, tokenizer.vocabSize)));
      await write('preprocessor_config.json', prettyJson(jinaPreprocessorConfig(clip.vision.imageSize)));
      await write('tokenizer.json', prettyJson(tokenizer.tokenizerJson));
      await write('tokenizer_config.json', prettyJson(tokenizer.tokenizerConfig));
      const combined = (precision: WeightPrecision): Uint8Array =>
        combineTowers(
          clipVisionModel(clip, visionSeed, precision, { zeroBatchSafe: true }),
          clipTextModel(clip, tokenizer.vocabSize, textSeed, precision, { attentionMask: false }),
        );
      const external = externalizeWeights(combined('fp32'), 'model.onnx_data');
      await write('onnx/model.onnx', external.model);
      await write('onnx/model.onnx_data', external.data);
      await write('onnx/model_fp16.onnx', combined('fp16-weights'));
      await write('onnx/model_quantized.onnx', combined('dynamic-uint8'));
      return folder;
    }
    // CLIP ViT-B/32's image tower (Xenova/clip-vit-base-patch32's config, preprocessor and vision
    // graph) with the text tower of sentence-transformers/clip-ViT-B-32-multilingual-v1 in `text/`,
    // as the catalogue installs the two: that repository's own layout — modules.json with the
    // Transformer at its root (DistilBERT multilingual cased; onnx/model.onnx and the quantized
    // onnx/model_quint8_avx2.onnx → last_hidden_state), 1_Pooling (mean), 2_Dense (no bias,
    // identity; weights in model.safetensors).
    case 'clip-multilingual': {
      const clipTokens = clipTokenizer();
      await write(
        'config.json',
        prettyJson(withoutScores(modelConfig(clip, 'clip-ViT-B-32-multilingual-v1', clipTokens.vocabSize, { logitScale: 0, logitBias: null }))),
      );
      await write('preprocessor_config.json', prettyJson(clipPreprocessorConfig(clip)));
      await write('onnx/vision_model.onnx', clipVisionModel(clip, visionSeed, 'fp32'));
      await write('onnx/vision_model_quantized.onnx', clipVisionModel(clip, visionSeed, 'dynamic-uint8'));
      const tokenizer = wordPieceTokenizer({ lowercase: false, modelMaxLength: 512, tokenizerClass: 'DistilBertTokenizer' });
      const text = { ...clip.text, maxPositions: 512 };
      await write(
        'text/modules.json',
        prettyJson([
          { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
          { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
          { idx: 2, name: '2', path: '2_Dense', type: 'sentence_transformers.models.Dense' },
        ]),
      );
      await write(
        'text/config_sentence_transformers.json',
        prettyJson({ __version__: { sentence_transformers: '2.0.0', transformers: '4.7.0', pytorch: '1.9.0' } }),
      );
      await write(
        'text/config.json',
        prettyJson({
          model_type: 'distilbert',
          architectures: ['DistilBertModel'],
          vocab_size: tokenizer.vocabSize,
          dim: text.hiddenSize,
          hidden_dim: text.intermediateSize,
          n_heads: text.numHeads,
          n_layers: text.numLayers,
          max_position_embeddings: text.maxPositions,
          activation: 'gelu',
          pad_token_id: 0,
        }),
      );
      await write('text/sentence_bert_config.json', prettyJson({ max_seq_length: 128, do_lower_case: false }));
      await write('text/tokenizer.json', prettyJson(tokenizer.tokenizerJson));
      await write('text/tokenizer_config.json', prettyJson(tokenizer.tokenizerConfig));
      await write('text/onnx/model.onnx', distilBertModel(text, tokenizer.vocabSize, textSeed));
      await write('text/onnx/model_quint8_avx2.onnx', distilBertModel(text, tokenizer.vocabSize, textSeed, 'dynamic-uint8'));
      await write(
        'text/1_Pooling/config.json',
        prettyJson({
          word_embedding_dimension: text.hiddenSize,
          pooling_mode_cls_token: false,
          pooling_mode_mean_tokens: true,
          pooling_mode_max_tokens: false,
          pooling_mode_mean_sqrt_len_tokens: false,
        }),
      );
      await write(
        'text/2_Dense/config.json',
        prettyJson({ in_features: text.hiddenSize, out_features: clip.projectionDim, bias: false, activation_function: 'torch.nn.modules.linear.Identity' }),
      );
      const dense = new SeededWeights(textSeed).normal('2_Dense.linear.weight', [clip.projectionDim, text.hiddenSize], 1 / Math.sqrt(text.hiddenSize));
      await write(
        'text/2_Dense/model.safetensors',
        safetensorsBytes({ 'linear.weight': { shape: [clip.projectionDim, text.hiddenSize], values: Float32Array.from(dense.values as Float32Array) } }),
      );
      return folder;
    }
  }
}

/** Real transformers.js exports do not carry the learned logit_scale / logit_bias. */
function withoutScores(config: Record<string, unknown>): Record<string, unknown> {
  const { logit_scale: _scale, logit_bias: _bias, ...rest } = config;
  return rest;
}

function jinaConfig(arch: ReturnType<typeof tinyArchitecture>, vocabSize: number): Record<string, unknown> {
  return {
    model_type: 'jina_clip',
    architectures: ['JinaCLIPModel'],
    projection_dim: arch.projectionDim,
    logit_scale_init_value: 2.6592,
    text_config: { model_type: 'jina_clip_text', vocab_size: vocabSize, embed_dim: arch.projectionDim },
    vision_config: { model_type: 'jina_clip_vision', image_size: arch.vision.imageSize, patch_size: arch.vision.patchSize, embed_dim: arch.projectionDim },
  };
}

/** jinaai/jina-clip-v1's preprocessor_config.json (size 224 there), auto_map left out. */
function jinaPreprocessorConfig(size: number): Record<string, unknown> {
  return {
    fill_color: 0,
    image_processor_type: 'JinaCLIPImageProcessor',
    interpolation: 'bicubic',
    mean: [0.48145466, 0.4578275, 0.40821073],
    processor_class: 'JinaCLIPProcessor',
    resize_mode: 'shortest',
    size,
    std: [0.26862954, 0.26130258, 0.27577711],
  };
}
