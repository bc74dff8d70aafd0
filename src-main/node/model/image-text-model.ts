import { basename } from 'node:path';
import * as ort from 'onnxruntime-node';
import { LumenFailure } from '../../../src-common/result';
import { prepareImage, type PreparedImage } from './image-preprocessor';
import { MODEL_FILES, readModelFolder, type JsonObject } from './model-folder';
import { fixedLastDimension, openSession, pickOutput, rowsOf, type SessionOptions } from './onnx-session';
import { parsePreprocessSpec, type PreprocessSpec } from './preprocess-spec';
import type { RgbImage } from './rgb-image';
import { TextTokenizer, type PaddingStrategy } from './text-tokenizer';
import { imageTowerId, textTowerId } from './tower-identity';

export interface ModelInfo {
  name: string;
  folder: string;
  embedDim: number;
  /** sha256 of the vision graph and its preprocessing: image vectors are keyed by it. */
  imageTowerId: string;
  /** sha256 of the text graph and its tokenizer files. */
  textTowerId: string;
  executionProvider: string;
}

/** Output names tried in order: transformers.js' CLIP exports, then SigLIP's pooled output. */
const IMAGE_OUTPUTS = ['image_embeds', 'pooler_output'] as const;
const TEXT_OUTPUTS = ['text_embeds', 'pooler_output'] as const;
const TEXT_INPUTS = new Set(['input_ids', 'attention_mask', 'token_type_ids']);
/** Largest batch per run: bounds memory for big towers; small towers gain nothing beyond it. */
const MAX_IMAGE_BATCH = 16;
const MAX_TEXT_BATCH = 64;

/**
 * A dual-encoder image–text model in the transformers.js export layout, on onnxruntime.
 * Returns the raw vectors the towers output; callers L2-normalize.
 */
export class ImageTextModel {
  private constructor(
    readonly info: ModelInfo,
    private readonly spec: PreprocessSpec,
    private readonly tokenizer: TextTokenizer,
    private readonly vision: ort.InferenceSession,
    private readonly text: ort.InferenceSession,
    private readonly imageOutput: string,
    private readonly textOutput: string,
    private readonly padding: PaddingStrategy,
  ) {}

  static async load(folder: string, options: SessionOptions = {}): Promise<ImageTextModel> {
    const files = await readModelFolder(folder);
    const spec = parsePreprocessSpec(files.preprocessorConfig);
    const tokenizer = TextTokenizer.create(files.tokenizer, files.tokenizerConfig);
    const vision = await openSession(files.visionModelPath, MODEL_FILES.visionModel, options);
    let text: ort.InferenceSession;
    try {
      text = (await openSession(files.textModelPath, MODEL_FILES.textModel, options)).session;
    } catch (error) {
      await vision.session.release();
      throw error;
    }
    try {
      if (!vision.session.inputNames.includes('pixel_values')) {
        throw new LumenFailure('bad-model', `model file ${MODEL_FILES.visionModel} has no input named pixel_values (it has ${vision.session.inputNames.join(', ')})`);
      }
      const unknownInputs = text.inputNames.filter((name) => !TEXT_INPUTS.has(name));
      if (!text.inputNames.includes('input_ids') || unknownInputs.length > 0) {
        throw new LumenFailure('bad-model', `model file ${MODEL_FILES.textModel} takes ${text.inputNames.join(', ')}; Lumen feeds input_ids, attention_mask and token_type_ids`);
      }
      const imageOutput = pickOutput(vision.session, MODEL_FILES.visionModel, IMAGE_OUTPUTS);
      const textOutput = pickOutput(text, MODEL_FILES.textModel, TEXT_OUTPUTS);
      // A tower that cannot see an attention mask must get the padding it was trained with (SigLIP).
      const padding: PaddingStrategy = text.inputNames.includes('attention_mask') ? 'longest' : 'max_length';
      const info: ModelInfo = {
        name: modelName(files.config, files.folder),
        folder: files.folder,
        embedDim: 0,
        imageTowerId: await imageTowerId(files.visionModelPath, spec),
        textTowerId: await textTowerId(files.textModelPath, files.tokenizerBytes, files.tokenizerConfigBytes),
        executionProvider: vision.executionProvider,
      };
      const model = new ImageTextModel(info, spec, tokenizer, vision.session, text, imageOutput, textOutput, padding);
      info.embedDim = await model.measureEmbedDim();
      return model;
    } catch (error) {
      await Promise.all([vision.session.release(), text.release()]);
      throw error;
    }
  }

  prepareImage(image: RgbImage): Promise<PreparedImage> {
    return prepareImage(image, this.spec);
  }

  /** One vector per image, in input order; images of equal size share a batch. */
  async embedImages(images: readonly PreparedImage[]): Promise<Float32Array[]> {
    const vectors = new Array<Float32Array>(images.length);
    const bySize = new Map<string, number[]>();
    images.forEach((image, index) => {
      if (image.data.length !== 3 * image.width * image.height) {
        throw new Error(`prepared image ${index} holds ${image.data.length} values, expected 3×${image.width}×${image.height}`);
      }
      const key = `${image.width}x${image.height}`;
      bySize.set(key, [...(bySize.get(key) ?? []), index]);
    });
    for (const indices of bySize.values()) {
      for (let start = 0; start < indices.length; start += MAX_IMAGE_BATCH) {
        const batch = indices.slice(start, start + MAX_IMAGE_BATCH);
        const rows = await this.runVision(batch.map((i) => images[i] as PreparedImage));
        batch.forEach((imageIndex, row) => (vectors[imageIndex] = rows[row] as Float32Array));
      }
    }
    return vectors;
  }

  async embedTexts(texts: readonly string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += MAX_TEXT_BATCH) {
      vectors.push(...(await this.runText(texts.slice(start, start + MAX_TEXT_BATCH))));
    }
    return vectors;
  }

  async dispose(): Promise<void> {
    await Promise.all([this.vision.release(), this.text.release()]);
  }

  private async runVision(images: readonly PreparedImage[]): Promise<Float32Array[]> {
    const first = images[0];
    if (!first) return [];
    const plane = first.data.length;
    const pixels = new Float32Array(plane * images.length);
    images.forEach((image, i) => pixels.set(image.data, i * plane));
    const feeds = { pixel_values: new ort.Tensor('float32', pixels, [images.length, 3, first.height, first.width]) };
    const outputs = await this.vision.run(feeds, [this.imageOutput]);
    return rowsOf(outputs[this.imageOutput], images.length, MODEL_FILES.visionModel);
  }

  private async runText(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const batch = this.tokenizer.encode(texts, this.padding);
    const dims = [batch.batchSize, batch.sequenceLength];
    const available: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', batch.inputIds, dims),
      attention_mask: new ort.Tensor('int64', batch.attentionMask, dims),
      token_type_ids: new ort.Tensor('int64', new BigInt64Array(batch.inputIds.length), dims),
    };
    const feeds = Object.fromEntries(this.text.inputNames.map((name) => [name, available[name] as ort.Tensor]));
    const outputs = await this.text.run(feeds, [this.textOutput]);
    return rowsOf(outputs[this.textOutput], texts.length, MODEL_FILES.textModel);
  }

  /** From the graphs' declared output shapes, else by running the text tower once. */
  private async measureEmbedDim(): Promise<number> {
    const imageDim = fixedLastDimension(this.vision, this.imageOutput);
    const textDim = fixedLastDimension(this.text, this.textOutput);
    const [probe] = await this.runText(['a photo']);
    const measured = probe?.length ?? 0;
    for (const [label, dim] of [[MODEL_FILES.visionModel, imageDim], [MODEL_FILES.textModel, textDim]] as const) {
      if (dim !== null && dim !== measured) {
        throw new LumenFailure('bad-model', `model file ${label} outputs ${dim}-dimensional vectors but the text tower gives ${measured}: the towers do not belong together`);
      }
    }
    if (measured < 1) throw new LumenFailure('bad-model', `model file ${MODEL_FILES.textModel} returned an empty vector`);
    return measured;
  }
}

function modelName(config: JsonObject, folder: string): string {
  for (const key of ['name', '_name_or_path']) {
    const value = config[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return basename(folder);
}
