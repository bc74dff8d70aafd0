/**
 * The reference implementation for parity tests: @huggingface/transformers (transformers.js) run
 * on the same model folder Lumen loads. Test-only — src-main never imports transformers.js.
 */
import { basename, dirname } from 'node:path';
import {
  AutoProcessor,
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  env,
  RawImage,
  SiglipTextModel,
  SiglipVisionModel,
  type Tensor,
} from '@huggingface/transformers';

export type ReferenceDtype = 'fp32' | 'q8' | 'fp16';

export interface ReferenceEmbedder {
  embedImageFiles(paths: readonly string[]): Promise<Float32Array[]>;
  embedTexts(texts: readonly string[]): Promise<Float32Array[]>;
  /** The pixel tensor transformers.js feeds the vision tower, [3, H, W] flattened. */
  pixelValues(path: string): Promise<{ data: Float32Array; dims: number[] }>;
  /** The token ids transformers.js feeds the text tower, one row per text (padding included). */
  tokenIds(texts: readonly string[]): number[][];
}

interface Runnable {
  (inputs: Record<string, unknown>): Promise<Record<string, Tensor>>;
}

export async function loadReference(folder: string, family: 'clip' | 'siglip', dtype: ReferenceDtype): Promise<ReferenceEmbedder> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${dirname(folder)}/`;
  const id = basename(folder);
  const options = { dtype, device: 'cpu' } as const;
  const processor = await AutoProcessor.from_pretrained(id);
  const tokenizer = await AutoTokenizer.from_pretrained(id);
  const vision = (family === 'clip'
    ? await CLIPVisionModelWithProjection.from_pretrained(id, options)
    : await SiglipVisionModel.from_pretrained(id, options)) as unknown as Runnable;
  const text = (family === 'clip'
    ? await CLIPTextModelWithProjection.from_pretrained(id, options)
    : await SiglipTextModel.from_pretrained(id, options)) as unknown as Runnable;
  const imageOutput = family === 'clip' ? 'image_embeds' : 'pooler_output';
  const textOutput = family === 'clip' ? 'text_embeds' : 'pooler_output';
  // As the transformers.js documentation calls each family: SigLIP is padded to max_length.
  const tokenizeOptions = { padding: family === 'clip' ? true : 'max_length', truncation: true } as const;
  const tokenize = (texts: readonly string[]): Record<string, Tensor> =>
    (tokenizer as unknown as (t: string[], o: typeof tokenizeOptions) => Record<string, Tensor>)([...texts], tokenizeOptions);

  const pixelValues = async (path: string): Promise<{ data: Float32Array; dims: number[] }> => {
    const inputs = (await (processor as unknown as (image: RawImage) => Promise<{ pixel_values: Tensor }>)(await RawImage.read(path))).pixel_values;
    return { data: Float32Array.from(inputs.data as Float32Array), dims: inputs.dims.slice(1) };
  };
  return {
    pixelValues,
    async embedImageFiles(paths) {
      const vectors: Float32Array[] = [];
      for (const path of paths) {
        const image = await RawImage.read(path);
        const inputs = await (processor as unknown as (image: RawImage) => Promise<Record<string, Tensor>>)(image);
        vectors.push(...rows((await vision(inputs))[imageOutput]));
      }
      return vectors;
    },
    /** One text per run: the canonical vector, free of other texts' padding and quantization ranges. */
    async embedTexts(texts) {
      const vectors: Float32Array[] = [];
      for (const one of texts) vectors.push(...rows((await text(tokenize([one])))[textOutput]));
      return vectors;
    },
    tokenIds(texts) {
      const ids = tokenize(texts).input_ids;
      if (!ids) throw new Error('tokenizer returned no input_ids');
      return rowsOfNumbers(ids);
    },
  };
}

function rows(tensor: Tensor | undefined): Float32Array[] {
  if (!tensor) throw new Error('reference model returned no such output');
  const [count = 0, width = 0] = tensor.dims;
  const data = tensor.data as Float32Array;
  return Array.from({ length: count }, (_, i) => Float32Array.from(data.subarray(i * width, (i + 1) * width)));
}

function rowsOfNumbers(tensor: Tensor): number[][] {
  const [count = 0, width = 0] = tensor.dims;
  const data = Array.from(tensor.data as BigInt64Array, Number);
  return Array.from({ length: count }, (_, i) => data.slice(i * width, (i + 1) * width));
}
