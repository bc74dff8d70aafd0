/**
 * Stand-ins for Immich's model repositories (immich-app/<model>__<pretrained> on the hub, and the
 * folders Immich's machine-learning container caches): the file layout, config keys and graph
 * signatures its exporter writes (immich-app/immich, machine-learning/export), with this folder's
 * tiny architectures and seeded random weights.
 *
 *   config.json                  open_clip's model config: embed_dim, vision_cfg, text_cfg (context_length, …)
 *   visual/model.onnx            image float32 [1, 3, S, S] → embedding [1, D], L2-normalized
 *   visual/preprocess_cfg.json   open_clip's PreprocessCfg: size, mode, mean, std, interpolation, resize_mode, fill_color
 *   textual/model.onnx           text int32 [1, context_length] → embedding (OpenCLIP), or
 *                                input_ids + attention_mask int32 [1, 77] → embedding (M-CLIP)
 *   textual/tokenizer.json, tokenizer_config.json, special_tokens_map.json (+ vocab.json, merges.txt for CLIP's BPE)
 *
 * What differs from the real repositories: the towers are this folder's CLIP and SigLIP blocks (the
 * M-CLIP text tower is a CLIP block with a padding mask, not XLM-RoBERTa with mean pooling and a
 * linear map), the M-CLIP tokenizer is the SigLIP-shaped Unigram generator (XLM-RoBERTa's is a
 * SentencePiece model of the same family), and the ARM NN / RKNN files Immich ships beside the ONNX
 * graphs (`model.armnn`, `fp16/`, `rknpu/`) are left out: Lumen does not read them.
 */
import { tinyArchitecture, type DualEncoderArchitecture } from './architecture';
import { clipTextModel, clipVisionModel } from './clip-towers';
import { clipTokenizer } from './clip-tokenizer';
import { CLIP_MEAN, CLIP_STD } from './model-configs';
import { asOpenClipGraph } from './open-clip-export';
import { siglipTextModel, siglipVisionModel } from './siglip-towers';
import { siglipTokenizer } from './siglip-tokenizer';
import { standInFileWriter, type WriteStandInFile } from './stand-in-files';

export const IMMICH_LAYOUTS = ['immich-clip', 'immich-siglip', 'immich-mclip'] as const;
export type ImmichLayout = (typeof IMMICH_LAYOUTS)[number];

export interface ImmichStandInOptions {
  /** Seeds the image tower; the same seed as a transformers.js stand-in gives the same image tower weights. */
  visionSeed?: number;
  textSeed?: number;
}

export async function writeImmichStandIn(folder: string, layout: ImmichLayout, options: ImmichStandInOptions = {}): Promise<string> {
  const visionSeed = options.visionSeed ?? 1;
  const textSeed = options.textSeed ?? 2;
  const write = standInFileWriter(folder);
  const json = (value: unknown): string => `${JSON.stringify(value)}\n`;
  switch (layout) {
    // immich-app/ViT-B-32__openai (and every OpenAI / LAION OpenCLIP model Immich offers).
    case 'immich-clip': {
      const arch = tinyArchitecture('clip');
      const tokenizer = clipTokenizer();
      await write('config.json', json(openClipConfig(arch, tokenizer.vocabSize, 77, {})));
      await writeClipVisual(write, arch, visionSeed);
      const text = clipTextModel(arch, tokenizer.vocabSize, textSeed, 'fp32', { attentionMask: false, fixedBatch: 1, fixedLength: 77 });
      await write('textual/model.onnx', asOpenClipGraph(text, { inputs: { input_ids: 'text' }, output: 'text_embeds', sequenceLength: 77 }));
      await writeTokenizerFiles(write, tokenizer.tokenizerJson, tokenizer.tokenizerConfig);
      return folder;
    }
    // immich-app/ViT-B-16-SigLIP__webli (and the other SigLIP / SigLIP 2 models Immich offers): a
    // squash resize with mean/std 0.5, texts padded to 64, and open_clip's `canonicalize` cleaning.
    case 'immich-siglip': {
      const arch = tinyArchitecture('siglip');
      const tokenizer = siglipTokenizer();
      await write(
        'config.json',
        json(
          openClipConfig(arch, tokenizer.vocabSize, 64, {
            init_logit_bias: -10,
            custom_text: true,
            text: { hf_tokenizer_name: 'timm/ViT-B-16-SigLIP', tokenizer_kwargs: { clean: 'canonicalize' }, no_causal_mask: true, pool_type: 'last' },
          }),
        ),
      );
      await write(
        'visual/preprocess_cfg.json',
        json(preprocessCfg(arch.vision.imageSize, { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], resize_mode: 'squash' })),
      );
      const vision = siglipVisionModel(arch, visionSeed, 'fp32');
      await write('visual/model.onnx', asOpenClipGraph(vision, { inputs: { pixel_values: 'image' }, output: 'pooler_output' }));
      const text = siglipTextModel(arch, tokenizer.vocabSize, textSeed, 'fp32');
      await write('textual/model.onnx', asOpenClipGraph(text, { inputs: { input_ids: 'text' }, output: 'pooler_output', sequenceLength: 64 }));
      await writeTokenizerFiles(write, tokenizer.tokenizerJson, tokenizer.tokenizerConfig);
      return folder;
    }
    // immich-app/XLM-Roberta-Large-Vit-B-32: M-CLIP's multilingual text tower (input_ids and
    // attention_mask, int32, fixed at 77) beside OpenCLIP ViT-B/32's image tower and config.json.
    case 'immich-mclip': {
      const arch = tinyArchitecture('clip');
      const base = siglipTokenizer();
      const tokenizerConfig = { ...base.tokenizerConfig, tokenizer_class: 'XLMRobertaTokenizer', model_max_length: 512 };
      await write('config.json', json(openClipConfig(arch, clipTokenizer().vocabSize, 77, {})));
      await writeClipVisual(write, arch, visionSeed);
      const text = clipTextModel(arch, base.vocabSize, textSeed, 'fp32', { attentionMask: true, fixedBatch: 1, fixedLength: 77 });
      await write(
        'textual/model.onnx',
        asOpenClipGraph(text, { inputs: { input_ids: 'input_ids', attention_mask: 'attention_mask' }, output: 'text_embeds', sequenceLength: 77 }),
      );
      await writeTokenizerFiles(write, base.tokenizerJson, tokenizerConfig);
      return folder;
    }
  }
}

async function writeClipVisual(write: WriteStandInFile, arch: DualEncoderArchitecture, seed: number): Promise<void> {
  await write('visual/preprocess_cfg.json', `${JSON.stringify(preprocessCfg(arch.vision.imageSize, {}))}\n`);
  const vision = clipVisionModel(arch, seed, 'fp32', { fixedBatch: 1 });
  await write('visual/model.onnx', asOpenClipGraph(vision, { inputs: { pixel_values: 'image' }, output: 'image_embeds' }));
}

/** What `AutoTokenizer.save_pretrained(textual/)` leaves there; Lumen reads tokenizer.json and tokenizer_config.json. */
async function writeTokenizerFiles(write: WriteStandInFile, tokenizerJson: Record<string, unknown>, tokenizerConfig: Record<string, unknown>): Promise<void> {
  await write('textual/tokenizer.json', `${JSON.stringify(tokenizerJson)}\n`);
  await write('textual/tokenizer_config.json', `${JSON.stringify(tokenizerConfig, null, 2)}\n`);
  const special = Object.fromEntries(Object.entries(tokenizerConfig).filter(([key]) => key.endsWith('_token')));
  await write('textual/special_tokens_map.json', `${JSON.stringify(special, null, 2)}\n`);
  const model = tokenizerJson.model as { type?: string; vocab?: unknown; merges?: unknown };
  if (model.type === 'BPE') {
    await write('textual/vocab.json', `${JSON.stringify(model.vocab)}\n`);
    await write('textual/merges.txt', `#version: 0.2\n${(model.merges as string[]).join('\n')}\n`);
  }
}

/** open_clip's PreprocessCfg as `get_model_preprocess_cfg` returns it (CLIP's defaults unless given). */
function preprocessCfg(size: number, overrides: Record<string, unknown>): Record<string, unknown> {
  return { size: [size, size], mode: 'RGB', mean: CLIP_MEAN, std: CLIP_STD, interpolation: 'bicubic', resize_mode: 'shortest', fill_color: 0, ...overrides };
}

/** open_clip's model config (`open_clip.get_model_config(name)`), as Immich's exporter saves it. */
function openClipConfig(
  arch: DualEncoderArchitecture,
  vocabSize: number,
  contextLength: number,
  extra: { init_logit_bias?: number; custom_text?: boolean; text?: Record<string, unknown> },
): Record<string, unknown> {
  const { text, ...top } = extra;
  return {
    embed_dim: arch.projectionDim,
    ...top,
    vision_cfg: { image_size: arch.vision.imageSize, layers: arch.vision.numLayers, width: arch.vision.hiddenSize, patch_size: arch.vision.patchSize },
    text_cfg: {
      context_length: contextLength,
      vocab_size: vocabSize,
      width: arch.text.hiddenSize,
      heads: arch.text.numHeads,
      layers: arch.text.numLayers,
      ...text,
    },
  };
}
