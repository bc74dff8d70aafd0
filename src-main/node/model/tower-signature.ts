import type * as ort from 'onnxruntime-node';
import { LumenFailure } from '../../../src-common/result';
import type { JsonObject, ModelFolder } from './model-folder';

/**
 * What Lumen feeds each tower and which output it reads, decided from the export's family
 * (config.json's `model_type`) and the graph's own signature, as transformers.js decides it:
 *  - CLIP (OpenAI, OpenCLIP, MobileCLIP): `image_embeds` / `text_embeds`, the projected vectors.
 *    `pooler_output` is the state before the projection, in another space: never used for CLIP.
 *  - SigLIP: `pooler_output` (its heads are inside the pooled output).
 *  - jina-clip: `image_embeds` / `text_embeds` from split towers (v1), `image_embeddings` /
 *    `text_embeddings` from the one combined graph (v2).
 *  - A sentence-transformers text tower: the token vectors (`last_hidden_state` or
 *    `token_embeddings`), pooled and projected outside the graph.
 * Anything else is refused with what the graph has and what Lumen expects.
 */
export type ModelFamily = 'clip' | 'siglip' | 'jina_clip' | 'other';

export function modelFamily(config: JsonObject): ModelFamily {
  const type = typeof config.model_type === 'string' ? config.model_type : '';
  if (type === 'clip' || type === 'mobileclip') return 'clip';
  if (type.startsWith('siglip')) return 'siglip';
  if (type === 'jina_clip') return 'jina_clip';
  return 'other';
}

/** How texts become the input_ids tensor: padded to the batch's longest, to a fixed length, or one text at a time unpadded. */
export type TextShape = { kind: 'longest' } | { kind: 'fixed'; length: number } | { kind: 'single' };

export interface TowerSignature {
  /** The image input: `pixel_values`, or `image` in Immich's OpenCLIP graphs. */
  pixelInput: string;
  /** The token-id input: `input_ids`, or `text` in Immich's OpenCLIP text graphs. */
  idsInput: string;
  imageOutput: string;
  textOutput: string;
  /**
   * What a graph holding both towers is fed for the tower not asked for: jina-clip-v2's takes an
   * empty image batch and a one-token text per image, as transformers.js feeds it; a whole
   * CLIPModel graph (Chinese-CLIP) one black image and one one-token text, since nothing says its
   * vision tower runs on an empty batch. Null for split towers.
   */
  otherTower: 'jina' | 'one-row' | null;
  /** The text output is one vector per token, pooled by the sentence-transformers modules. */
  tokenOutput: boolean;
  textShape: TextShape;
}

const TEXT_INPUTS = new Set(['input_ids', 'attention_mask', 'token_type_ids']);

export function towerSignature(
  files: ModelFolder,
  vision: ort.InferenceSession,
  text: ort.InferenceSession,
  labels: { vision: string; text: string },
  tokenizerMaxLength: number | null,
): TowerSignature {
  if (files.layout === 'open-clip') return openClipSignature(files, vision, text, labels);
  const family = modelFamily(files.config);
  if (!vision.inputNames.includes('pixel_values')) {
    throw new LumenFailure('bad-model', `model file ${labels.vision} has no input named pixel_values (it has ${vision.inputNames.join(', ')})`);
  }
  // SigLIP 2 NaFlex's image tower also takes pixel_attention_mask and spatial_shapes, which Lumen does not make.
  if (!files.combined && vision.inputNames.length > 1) {
    throw new LumenFailure('bad-model', `model file ${labels.vision} takes ${vision.inputNames.join(', ')}; Lumen feeds an image tower pixel_values only`);
  }
  const allowed = new Set([...TEXT_INPUTS, ...(files.combined ? ['pixel_values'] : [])]);
  const unknownInputs = text.inputNames.filter((name) => !allowed.has(name));
  if (!text.inputNames.includes('input_ids') || unknownInputs.length > 0) {
    throw new LumenFailure(
      'bad-model',
      `model file ${labels.text} takes ${text.inputNames.join(', ')}; Lumen feeds input_ids, attention_mask and token_type_ids`,
    );
  }
  const imageOutput = files.combined
    ? requireOutput(vision, labels.vision, ['image_embeddings', 'image_embeds'], family)
    : requireOutput(vision, labels.vision, family === 'siglip' ? ['pooler_output', 'image_embeds'] : ['image_embeds'], family);
  const tokenOutput = files.sentenceTransformers !== null;
  const textOutput = tokenOutput
    ? requireOutput(text, labels.text, ['token_embeddings', 'last_hidden_state'], 'sentence-transformers')
    : files.combined
      ? requireOutput(text, labels.text, imageOutput === 'image_embeddings' ? ['text_embeddings'] : ['text_embeds'], family)
      : requireOutput(text, labels.text, family === 'siglip' ? ['pooler_output', 'text_embeds'] : ['text_embeds'], family);
  return {
    pixelInput: 'pixel_values',
    idsInput: 'input_ids',
    imageOutput,
    textOutput,
    otherTower: files.combined ? (imageOutput === 'image_embeddings' ? 'jina' : 'one-row') : null,
    tokenOutput,
    textShape: textShapeOf(files, text, family, tokenizerMaxLength, labels.text),
  };
}

/**
 * Immich's graphs: `image` → `embedding`, and `text` (OpenCLIP) or `input_ids` with
 * `attention_mask` (M-CLIP) → `embedding`. Immich pads and cuts every text to the context length
 * (the graph fixes it too), so Lumen does the same.
 */
function openClipSignature(
  files: ModelFolder,
  vision: ort.InferenceSession,
  text: ort.InferenceSession,
  labels: { vision: string; text: string },
): TowerSignature {
  if (!vision.inputNames.includes('image')) {
    throw new LumenFailure(
      'bad-model',
      `model file ${labels.vision} has no input named image (it has ${vision.inputNames.join(', ')}), as Immich's image towers have`,
    );
  }
  const inputs = [...text.inputNames].sort().join(', ');
  if (inputs !== 'text' && inputs !== 'attention_mask, input_ids') {
    throw new LumenFailure(
      'bad-model',
      `model file ${labels.text} takes ${text.inputNames.join(', ')}; Immich's text towers take text (OpenCLIP) or input_ids and attention_mask (M-CLIP)`,
    );
  }
  const idsInput = inputs === 'text' ? 'text' : 'input_ids';
  const length = fixedSequenceLength(text, idsInput) ?? files.contextLength ?? 77;
  return {
    pixelInput: 'image',
    idsInput,
    imageOutput: requireOutput(vision, labels.vision, ['embedding'], 'Immich'),
    textOutput: requireOutput(text, labels.text, ['embedding'], 'Immich'),
    otherTower: null,
    tokenOutput: false,
    textShape: { kind: 'fixed', length },
  };
}

/**
 * A graph that fixes its sequence length (MobileCLIP's text tower: 77) gets exactly that. A tower
 * with an attention mask gets the batch's longest text. Without a mask, padding is part of what
 * the tower sees: SigLIP was trained padded to its full length — `model_max_length`, else
 * config.json's `text_config.max_position_embeddings`; CLIP's causal mask and end-of-text pooling
 * make the padding after a text invisible; anything else (jina-clip-v2's combined graph) runs one
 * text at a time, unpadded, which is what transformers.js computes for a single text.
 */
function textShapeOf(files: ModelFolder, text: ort.InferenceSession, family: ModelFamily, tokenizerMaxLength: number | null, label: string): TextShape {
  const fixed = fixedSequenceLength(text);
  if (fixed !== null) return { kind: 'fixed', length: fixed };
  if (text.inputNames.includes('attention_mask')) return { kind: 'longest' };
  if (family === 'siglip') {
    const textConfig = files.config.text_config;
    const positions = typeof textConfig === 'object' && textConfig !== null ? (textConfig as JsonObject).max_position_embeddings : undefined;
    const length = tokenizerMaxLength ?? (typeof positions === 'number' && Number.isInteger(positions) && positions > 0 ? positions : null);
    if (length === null) {
      throw new LumenFailure(
        'bad-model',
        `model file ${label} takes no attention mask, and neither tokenizer_config.json (model_max_length) nor config.json (text_config.max_position_embeddings) says how long its texts are padded`,
      );
    }
    return { kind: 'fixed', length };
  }
  if (family === 'clip') return { kind: 'longest' };
  if (family === 'other' && tokenizerMaxLength !== null) return { kind: 'fixed', length: tokenizerMaxLength };
  return { kind: 'single' };
}

/** The sequence length the token-id input is fixed at in the graph, or null when it is free. */
function fixedSequenceLength(session: ort.InferenceSession, input = 'input_ids'): number | null {
  const meta = session.inputMetadata.find((m) => m.name === input);
  if (!meta?.isTensor) return null;
  const length = meta.shape[1];
  return typeof length === 'number' && length > 0 ? length : null;
}

function requireOutput(session: ort.InferenceSession, label: string, names: readonly string[], family: string): string {
  const found = names.find((name) => session.outputNames.includes(name));
  if (found) return found;
  const pooled = session.outputNames.includes('pooler_output');
  const why = pooled
    ? `; its pooler_output is the ${family === 'clip' ? 'CLIP' : family} state before the projection into the shared space, so Lumen does not use it`
    : '';
  throw new LumenFailure('bad-model', `model file ${label} has no output named ${names.join(' or ')} (it has ${session.outputNames.join(', ')})${why}`);
}
