/**
 * A stand-in for Xenova/chinese-clip-vit-base-patch16 (and -large-patch14): model_type
 * `chinese_clip`, OFA-Sys' preprocessor_config.json (a bicubic stretch to 224 × 224, no centre
 * crop, CLIP's mean and std), a BERT WordPiece tokenizer (bert-base-chinese: Chinese characters
 * split one by one), and both towers in one graph only — `onnx/model.onnx`, `model_fp16.onnx`,
 * `model_quantized.onnx` — with the whole-CLIPModel signature (clip-model-graph.ts). The towers are
 * this folder's CLIP blocks, not Chinese-CLIP's RoBERTa text encoder; the vision graph is not made
 * safe for an empty batch, as nothing says an exported ViT is.
 *
 * `splitTwin` writes the same towers as two graphs (`onnx/vision_model.onnx`, `onnx/text_model.onnx`)
 * beside the same files, to compare the two layouts' vectors.
 */
import type { WeightPrecision } from '../onnx-builder/dynamic-quantization';
import { tinyArchitecture } from './architecture';
import { combineClipModel } from './clip-model-graph';
import { clipTextModel, clipVisionModel } from './clip-towers';
import { CLIP_MEAN, CLIP_STD } from './model-configs';
import { prettyJson, standInFileWriter, SUFFIX_PRECISION } from './stand-in-files';
import { wordPieceTokenizer } from './wordpiece-tokenizer';

export async function writeChineseClipStandIn(folder: string, options: { visionSeed?: number; textSeed?: number; splitTwin?: boolean } = {}): Promise<string> {
  const visionSeed = options.visionSeed ?? 1;
  const textSeed = options.textSeed ?? 2;
  const write = standInFileWriter(folder);
  const arch = tinyArchitecture('clip');
  const tokenizer = wordPieceTokenizer({ lowercase: true, modelMaxLength: 52, tokenizerClass: 'BertTokenizer' });
  const size = arch.vision.imageSize;
  await write(
    'config.json',
    prettyJson({
      _name_or_path: 'OFA-Sys/chinese-clip-vit-base-patch16',
      architectures: ['ChineseCLIPModel'],
      model_type: 'chinese_clip',
      projection_dim: arch.projectionDim,
      logit_scale_init_value: 2.6592,
      text_config: { model_type: 'chinese_clip_text_model', vocab_size: tokenizer.vocabSize, hidden_size: arch.text.hiddenSize },
      vision_config: { model_type: 'chinese_clip_vision_model', image_size: size, patch_size: arch.vision.patchSize, hidden_size: arch.vision.hiddenSize },
    }),
  );
  await write(
    'preprocessor_config.json',
    prettyJson({
      do_center_crop: false,
      do_normalize: true,
      do_resize: true,
      feature_extractor_type: 'ChineseCLIPFeatureExtractor',
      image_mean: CLIP_MEAN,
      image_std: CLIP_STD,
      resample: 3,
      size: { height: size, width: size },
    }),
  );
  await write('tokenizer.json', prettyJson(tokenizer.tokenizerJson));
  await write('tokenizer_config.json', prettyJson(tokenizer.tokenizerConfig));
  const vision = (precision: WeightPrecision): Uint8Array => clipVisionModel(arch, visionSeed, precision);
  const text = (precision: WeightPrecision): Uint8Array => clipTextModel(arch, tokenizer.vocabSize, textSeed, precision, { attentionMask: true });
  if (options.splitTwin) {
    await write('onnx/vision_model.onnx', vision('fp32'));
    await write('onnx/text_model.onnx', text('fp32'));
    return folder;
  }
  for (const [suffix, precision] of SUFFIX_PRECISION.slice(0, 3)) await write(`onnx/model${suffix}.onnx`, combineClipModel(vision(precision), text(precision)));
  return folder;
}
