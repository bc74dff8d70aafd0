import { basename } from 'node:path';
import * as ort from 'onnxruntime-node';
import { LumenFailure } from '../../../src-common/result';
import { prepareImage, type PreparedImage } from './image-preprocessor';
import { hasBatchCoupledOps } from './batch-coupling';
import { loadOnBestDevice } from './device-selection';
import type { DeviceChoice } from './execution-device';
import { toFloat16Bits } from './float16';
import { readScoreRule, type ScoreRule } from './match-probability';
import { readModelFolder, type JsonObject } from './model-folder';
import type { ModelVariant } from './model-variant';
import { fixedLastDimension, inputElementType, openSession, pickOutput, rowsOf, type SessionOptions } from './onnx-session';
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
  /** Which tower files run: fp32, quantized or fp16 (see model-variant.ts). */
  variant: ModelVariant;
  /** How this model's cosines become probabilities (match-probability.ts). */
  scoreRule: ScoreRule;
  /** Why the provider asked for is not the one in use, or null. */
  deviceNote: string | null;
}

export interface ModelLoadOptions extends SessionOptions {
  variant?: ModelVariant;
  /**
   * `auto` or a GPU provider: tried, checked against the CPU on a probe batch, and dropped for the
   * CPU (with the reason in info.deviceNote) if it fails either way. Overrides executionProviders.
   */
  device?: DeviceChoice;
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
    private readonly labels: { vision: string; text: string },
    /** fp16 exports take float16 pixels. */
    private readonly pixelType: 'float32' | 'float16',
    /** Largest batch per run: 1 for graphs where batch rows influence each other (see batch-coupling.ts). */
    private readonly maxImageBatch: number,
    private readonly maxTextBatch: number,
  ) {}

  static async load(folder: string, options: ModelLoadOptions = {}): Promise<ImageTextModel> {
    const { device, ...sessionOptions } = options;
    if (device !== undefined && device !== 'cpu') return loadOnBestDevice(folder, device, sessionOptions, (f, o) => ImageTextModel.loadOn(f, o));
    return ImageTextModel.loadOn(folder, device === 'cpu' ? { ...sessionOptions, executionProviders: ['cpu'] } : sessionOptions);
  }

  /** Loads on the given providers as they are, falling back to the CPU only if one cannot start. */
  private static async loadOn(folder: string, options: ModelLoadOptions): Promise<ImageTextModel> {
    const files = await readModelFolder(folder, options.variant);
    const labels = { vision: files.visionModelFile, text: files.textModelFile };
    const spec = parsePreprocessSpec(files.preprocessorConfig);
    const tokenizer = TextTokenizer.create(files.tokenizer, files.tokenizerConfig);
    const vision = await openSession(files.visionModelPath, labels.vision, options);
    let text: ort.InferenceSession;
    let textFallback: string | null;
    try {
      ({ session: text, fallbackReason: textFallback } = await openSession(files.textModelPath, labels.text, options));
    } catch (error) {
      await vision.session.release();
      throw error;
    }
    try {
      if (!vision.session.inputNames.includes('pixel_values')) {
        throw new LumenFailure('bad-model', `model file ${labels.vision} has no input named pixel_values (it has ${vision.session.inputNames.join(', ')})`);
      }
      const unknownInputs = text.inputNames.filter((name) => !TEXT_INPUTS.has(name));
      if (!text.inputNames.includes('input_ids') || unknownInputs.length > 0) {
        throw new LumenFailure('bad-model', `model file ${labels.text} takes ${text.inputNames.join(', ')}; Lumen feeds input_ids, attention_mask and token_type_ids`);
      }
      const imageOutput = pickOutput(vision.session, labels.vision, IMAGE_OUTPUTS);
      const textOutput = pickOutput(text, labels.text, TEXT_OUTPUTS);
      // A tower that cannot see an attention mask must get the padding it was trained with (SigLIP).
      const padding: PaddingStrategy = text.inputNames.includes('attention_mask') ? 'longest' : 'max_length';
      const info: ModelInfo = {
        name: modelName(files.config, files.folder),
        folder: files.folder,
        embedDim: 0,
        imageTowerId: await imageTowerId(files.visionModelPath, spec),
        textTowerId: await textTowerId(files.textModelPath, files.tokenizerBytes, files.tokenizerConfigBytes),
        executionProvider: vision.executionProvider,
        variant: files.variant,
        scoreRule: readScoreRule(files.config),
        deviceNote: vision.fallbackReason ?? textFallback,
      };
      const pixelType = inputElementType(vision.session, 'pixel_values') === 'float16' ? 'float16' : 'float32';
      const maxImageBatch = (await hasBatchCoupledOps(files.visionModelPath)) ? 1 : MAX_IMAGE_BATCH;
      const maxTextBatch = (await hasBatchCoupledOps(files.textModelPath)) ? 1 : MAX_TEXT_BATCH;
      const model = new ImageTextModel(info, spec, tokenizer, vision.session, text, imageOutput, textOutput, padding, labels, pixelType, maxImageBatch, maxTextBatch);
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
      for (let start = 0; start < indices.length; start += this.maxImageBatch) {
        const batch = indices.slice(start, start + this.maxImageBatch);
        const rows = await this.runVision(batch.map((i) => images[i] as PreparedImage));
        batch.forEach((imageIndex, row) => (vectors[imageIndex] = rows[row] as Float32Array));
      }
    }
    return vectors;
  }

  async embedTexts(texts: readonly string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.maxTextBatch) {
      vectors.push(...(await this.runText(texts.slice(start, start + this.maxTextBatch))));
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
    const dims = [images.length, 3, first.height, first.width];
    const tensor = this.pixelType === 'float16' ? new ort.Tensor('float16', toFloat16Bits(pixels), dims) : new ort.Tensor('float32', pixels, dims);
    const outputs = await this.vision.run({ pixel_values: tensor }, [this.imageOutput]);
    return rowsOf(outputs[this.imageOutput], images.length, this.labels.vision);
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
    return rowsOf(outputs[this.textOutput], texts.length, this.labels.text);
  }

  /** From the graphs' declared output shapes, else by running the text tower once. */
  private async measureEmbedDim(): Promise<number> {
    const imageDim = fixedLastDimension(this.vision, this.imageOutput);
    const textDim = fixedLastDimension(this.text, this.textOutput);
    const [probe] = await this.runText(['a photo']);
    const measured = probe?.length ?? 0;
    for (const [label, dim] of [[this.labels.vision, imageDim], [this.labels.text, textDim]] as const) {
      if (dim !== null && dim !== measured) {
        throw new LumenFailure('bad-model', `model file ${label} outputs ${dim}-dimensional vectors but the text tower gives ${measured}: the towers do not belong together`);
      }
    }
    if (measured < 1) throw new LumenFailure('bad-model', `model file ${this.labels.text} returned an empty vector`);
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
