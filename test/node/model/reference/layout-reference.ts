/**
 * transformers.js (the reference) on the stand-ins of real exports, each loaded the way its model
 * card says: the CLIP classes for Xenova CLIP and MobileCLIP (texts padded to max_length for
 * MobileCLIP), SigLIP's, jina-clip's own classes and image processor, and for the
 * sentence-transformers text tower the feature-extraction pipeline with mean pooling (transformers.js
 * has no Dense module: the test applies 2_Dense's weights itself). Test-only.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  AutoImageProcessor,
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  env,
  JinaCLIPModel,
  JinaCLIPTextModel,
  JinaCLIPVisionModel,
  pipeline,
  RawImage,
  SiglipTextModel,
  SiglipVisionModel,
  type Tensor,
} from '@huggingface/transformers';
import type { ExportLayout } from '../../../../tools/reference-models/write-export-stand-in';

export interface LayoutReference {
  embedImageFiles(paths: readonly string[]): Promise<Float32Array[]>;
  embedTexts(texts: readonly string[]): Promise<Float32Array[]>;
}

type Runnable = (inputs: Record<string, unknown>) => Promise<Record<string, Tensor>>;
type Processor = (image: RawImage) => Promise<Record<string, Tensor>>;
type Tokenize = (texts: string[], options: Record<string, unknown>) => Record<string, Tensor>;

/** transformers.js' dtype names: `q8` is the `_quantized` files. */
export type ReferenceDtype = 'fp32' | 'q8' | 'fp16' | 'int8' | 'uint8' | 'q4' | 'q4f16' | 'bnb4';

export async function loadLayoutReference(folder: string, layout: ExportLayout, dtype?: ReferenceDtype): Promise<LayoutReference> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${dirname(folder)}/`;
  const id = basename(folder);
  const options = { device: 'cpu', ...(dtype ? { dtype } : {}) } as const;
  const processor = (await AutoImageProcessor.from_pretrained(id)) as unknown as Processor;
  const embedImageFiles =
    (run: Runnable, output: string, extra: Record<string, unknown> = {}) =>
    async (paths: readonly string[]) => {
      const vectors: Float32Array[] = [];
      for (const path of paths) vectors.push(...rows((await run({ ...(await processor(await RawImage.read(path))), ...extra }))[output]));
      return vectors;
    };
  const embedTexts = (tokenizer: Tokenize, run: Runnable, output: string, tokenizeOptions: Record<string, unknown>) => async (texts: readonly string[]) => {
    const vectors: Float32Array[] = [];
    for (const text of texts) vectors.push(...rows((await run(tokenizer([text], tokenizeOptions)))[output]));
    return vectors;
  };
  if (layout === 'clip-multilingual') {
    const vision = (await CLIPVisionModelWithProjection.from_pretrained(id, options)) as unknown as Runnable;
    const extractor = (await pipeline('feature-extraction', `${id}/text`, options)) as unknown as (
      texts: string[],
      options: Record<string, unknown>,
    ) => Promise<Tensor>;
    const dense = await readDense(join(folder, 'text/2_Dense/model.safetensors'));
    return {
      embedImageFiles: embedImageFiles(vision, 'image_embeds'),
      async embedTexts(texts) {
        const vectors: Float32Array[] = [];
        for (const text of texts) for (const pooled of rows(await extractor([text], { pooling: 'mean', normalize: false }))) vectors.push(dense(pooled));
        return vectors;
      },
    };
  }
  const tokenizer = (await AutoTokenizer.from_pretrained(id)) as unknown as Tokenize;
  switch (layout) {
    case 'xenova-clip':
    case 'mobileclip': {
      const vision = (await CLIPVisionModelWithProjection.from_pretrained(id, options)) as unknown as Runnable;
      const text = (await CLIPTextModelWithProjection.from_pretrained(id, options)) as unknown as Runnable;
      const padding = layout === 'mobileclip' ? 'max_length' : true;
      return {
        embedImageFiles: embedImageFiles(vision, 'image_embeds'),
        embedTexts: embedTexts(tokenizer, text, 'text_embeds', { padding, truncation: true }),
      };
    }
    case 'xenova-siglip': {
      const vision = (await SiglipVisionModel.from_pretrained(id, options)) as unknown as Runnable;
      const text = (await SiglipTextModel.from_pretrained(id, options)) as unknown as Runnable;
      return {
        embedImageFiles: embedImageFiles(vision, 'pooler_output'),
        embedTexts: embedTexts(tokenizer, text, 'pooler_output', { padding: 'max_length', truncation: true }),
      };
    }
    case 'jina-clip-v1': {
      const vision = (await JinaCLIPVisionModel.from_pretrained(id, options)) as unknown as Runnable;
      const text = (await JinaCLIPTextModel.from_pretrained(id, options)) as unknown as Runnable;
      return {
        embedImageFiles: embedImageFiles(vision, 'image_embeds'),
        embedTexts: embedTexts(tokenizer, text, 'text_embeds', { padding: true, truncation: true }),
      };
    }
    case 'jina-clip-v2': {
      const model = (await JinaCLIPModel.from_pretrained(id, options)) as unknown as Runnable;
      return {
        embedImageFiles: embedImageFiles(model, 'image_embeddings'),
        embedTexts: embedTexts(tokenizer, model, 'text_embeddings', { padding: true, truncation: true }),
      };
    }
  }
}

/** y = W·x for 2_Dense (no bias, identity activation, as in clip-ViT-B-32-multilingual-v1), weights parsed straight from the safetensors bytes. */
async function readDense(path: string): Promise<(x: Float32Array) => Float32Array> {
  const bytes = await readFile(path);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, { shape: number[]; data_offsets: [number, number] }>;
  const entry = header['linear.weight'];
  if (!entry) throw new Error('2_Dense has no linear.weight');
  const [out = 0, inFeatures = 0] = entry.shape;
  const start = 8 + headerLength + entry.data_offsets[0];
  const weight = Array.from({ length: out * inFeatures }, (_, i) => bytes.readFloatLE(start + i * 4));
  return (x) =>
    Float32Array.from({ length: out }, (_, o) => weight.slice(o * inFeatures, (o + 1) * inFeatures).reduce((sum, w, i) => sum + w * (x[i] as number), 0));
}

function rows(tensor: Tensor | undefined): Float32Array[] {
  if (!tensor) throw new Error('reference model returned no such output');
  const [count = 0, width = 0] = tensor.dims;
  const data = tensor.data as Float32Array;
  return Array.from({ length: count }, (_, i) => Float32Array.from(data.subarray(i * width, (i + 1) * width)));
}
