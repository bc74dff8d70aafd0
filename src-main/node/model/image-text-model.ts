import { errorFields } from '../logging/logger';
import { processLogger } from '../logging/process-logger';
import { basename, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { LumenFailure } from '../../../src-common/result';
import { prepareImage, preprocessResizeTarget, type PreparedImage } from './image-preprocessor';
import { hasBatchCoupledOps } from './batch-coupling';
import { loadOnBestDevice } from './device-selection';
import type { DeviceChoice } from './execution-device';
import { toFloat16Bits } from './float16';
import { readScoreRule, type ScoreRule } from './match-probability';
import { checkGraphAllocations } from './graph-allocation-check';
import { checkInstalledFiles, MODEL_FILES, readModelFolder, type JsonObject, type ModelFolder } from './model-folder';
import { checkModelFolderOwner } from './model-folder-owner';
import type { ModelVariant } from './model-variant';
import { firstLine, fixedLastDimension, inputElementType, openSession, rowsOf, type SessionOptions } from './onnx-session';
import { cleanText } from './open-clip-layout';
import { parsePreprocessSpec, type PreprocessSpec } from './preprocess-spec';
import type { RgbImage } from './rgb-image';
import { poolAndProject } from './sentence-transformers-tower';
import { TextTokenizer } from './text-tokenizer';
import { towerIdentitiesOf } from './tower-identity';
import { towerSignature, type TowerSignature } from './tower-signature';

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
  /**
   * SHA-256 of the model's files as recorded when Lumen installed it (relative path → hash): a file
   * that differs is refused as damaged before anything runs (checkInstalledFiles). Absent for
   * folders Lumen did not install, such as the bundled demo model.
   */
  expectedSha256?: Readonly<Record<string, string>>;
  /** Where a provider dropped for the CPU in the middle of a run is reported; default: stderr. */
  log?: (message: string) => void;
}

/** What a model needs to move its towers to the CPU after its provider failed mid-run. */
interface CpuTakeover {
  files: ModelFolder;
  spec: PreprocessSpec;
  intraOpNumThreads?: number;
  log: (message: string) => void;
}

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
    private vision: ort.InferenceSession,
    private text: ort.InferenceSession,
    private readonly signature: TowerSignature,
    private readonly files: ModelFolder,
    private readonly labels: { vision: string; text: string },
    /** fp16 exports take float16 pixels. */
    private readonly pixelType: 'float32' | 'float16',
    /** Largest batch per run: 1 for graphs where batch rows influence each other (see batch-coupling.ts). */
    private readonly maxImageBatch: number,
    private readonly maxTextBatch: number,
    private readonly takeover: CpuTakeover,
  ) {}

  /** The move to the CPU after the provider failed, once started (every later failure waits for the same one). */
  private switching: Promise<void> | null = null;
  /** Sessions of the failed provider: released on dispose, never while a run may still be using them. */
  private readonly retired: ort.InferenceSession[] = [];

  static async load(folder: string, options: ModelLoadOptions = {}): Promise<ImageTextModel> {
    const { device, ...sessionOptions } = options;
    if (device !== undefined && device !== 'cpu') return loadOnBestDevice(folder, device, sessionOptions, (f, o) => ImageTextModel.loadOn(f, o));
    return ImageTextModel.loadOn(folder, device === 'cpu' ? { ...sessionOptions, executionProviders: ['cpu'] } : sessionOptions);
  }

  /** Loads on the given providers as they are, falling back to the CPU only if one cannot start. */
  private static async loadOn(folder: string, options: ModelLoadOptions): Promise<ImageTextModel> {
    const files = await readModelFolder(folder, options.variant);
    await checkModelFolderOwner(files);
    const labels = { vision: files.visionModelFile, text: files.textModelFile };
    const spec = parsePreprocessSpec(files.preprocessorConfig);
    // Each tower file is read once, for the install check and for the tower identities.
    const towers = await towerIdentitiesOf(files, spec);
    if (options.expectedSha256) checkInstalledFiles(files, { ...towers.vision.fileSha256, ...towers.text.fileSha256 }, options.expectedSha256);
    // Everything a file could make Lumen or onnxruntime allocate is checked before anything runs.
    const scoreRule = readScoreRule(files.config, join(files.folder, MODEL_FILES.config));
    checkGraphAllocations(files.visionModelPath, labels.vision);
    if (!files.combined) checkGraphAllocations(files.textModelPath, labels.text);
    const baseTokenizer = TextTokenizer.create(files.tokenizer, files.tokenizerConfig);
    const maxSeqLength = files.sentenceTransformers?.maxSeqLength ?? null;
    const cutTokenizer = maxSeqLength === null ? baseTokenizer : baseTokenizer.withMaxLength(maxSeqLength);
    const vision = await openSession(files.visionModelPath, labels.vision, options);
    let text: ort.InferenceSession;
    let textFallback: string | null;
    try {
      ({ session: text, fallbackReason: textFallback } = files.combined
        ? { session: vision.session, fallbackReason: null }
        : await openSession(files.textModelPath, labels.text, options));
    } catch (error) {
      await vision.session.release();
      throw error;
    }
    try {
      const signature = towerSignature(files, vision.session, text, labels, cutTokenizer.maxLength);
      const tokenizer = signature.textShape.kind === 'fixed' ? cutTokenizer.withMaxLength(signature.textShape.length) : cutTokenizer;
      const info: ModelInfo = {
        name: modelName(files.config, files.folder),
        folder: files.folder,
        embedDim: 0,
        imageTowerId: towers.imageTowerId,
        textTowerId: towers.textTowerId,
        executionProvider: vision.executionProvider,
        variant: files.variant,
        scoreRule,
        deviceNote: vision.fallbackReason ?? textFallback,
      };
      const pixelType = inputElementType(vision.session, signature.pixelInput) === 'float16' ? 'float16' : 'float32';
      // A graph exported with a fixed batch size (MobileCLIP's for WebNN, Immich's) takes exactly that many rows.
      const imageBatchLimit = fixedBatchSize(vision.session, signature.pixelInput) ?? MAX_IMAGE_BATCH;
      const textBatchLimit = fixedBatchSize(text, signature.idsInput) ?? MAX_TEXT_BATCH;
      const maxImageBatch = (await hasBatchCoupledOps(files.visionModelPath)) ? 1 : imageBatchLimit;
      const maxTextBatch = signature.textShape.kind === 'single' || (await hasBatchCoupledOps(files.textModelPath)) ? 1 : textBatchLimit;
      const takeover: CpuTakeover = {
        files,
        spec,
        ...(options.intraOpNumThreads ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
        log: options.log ?? ((message: string) => process.stderr.write(`lumen: ${message}\n`)),
      };
      const model = new ImageTextModel(info, spec, tokenizer, vision.session, text, signature, files, labels, pixelType, maxImageBatch, maxTextBatch, takeover);
      info.embedDim = await model.measureEmbedDim();
      return model;
    } catch (error) {
      await Promise.all([vision.session.release(), ...(text === vision.session ? [] : [text.release()])]);
      throw error;
    }
  }

  prepareImage(image: RgbImage): Promise<PreparedImage> {
    return prepareImage(image, this.spec);
  }

  /** The size prepareImage resizes an image of this size to, or null where it uses the pixels as they are. */
  resizeTargetFor(size: { width: number; height: number }): { width: number; height: number } | null {
    return preprocessResizeTarget(size, this.spec);
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
    // A failed provider's sessions may fail to release too; that must not keep the CPU ones alive.
    await Promise.all(
      this.retired
        .splice(0)
        .map((session) =>
          session.release().catch((error: unknown) => processLogger().debug(errorFields(error), 'a failed provider’s session did not release')),
        ),
    );
    await Promise.all([this.vision.release(), ...(this.text === this.vision ? [] : [this.text.release()])]);
  }

  private runVision(images: readonly PreparedImage[]): Promise<Float32Array[]> {
    return this.onProvider('vision', (session) => this.runVisionOn(session, images));
  }

  private runText(texts: readonly string[]): Promise<Float32Array[]> {
    return this.onProvider('text', (session) => this.runTextOn(session, texts));
  }

  /**
   * Runs `work` on a tower's session and checks its vectors. A provider other than the CPU that
   * throws (a GPU lost or out of memory mid-run) or returns NaN, infinite or (image) all-zero
   * vectors is dropped for the CPU for the rest of this model's life, with the reason logged, and
   * the same work runs again on the CPU: a run goes on, slower, and stores no wrong vector. On the
   * CPU itself such vectors mean a damaged model file, which is refused.
   */
  private async onProvider(tower: 'vision' | 'text', work: (session: ort.InferenceSession) => Promise<Float32Array[]>): Promise<Float32Array[]> {
    const provider = this.info.executionProvider;
    let rows: Float32Array[] | null = null;
    let failure = '';
    try {
      rows = await work(tower === 'vision' ? this.vision : this.text);
    } catch (error) {
      if (provider === 'cpu') throw error;
      failure = firstLine(error);
    }
    if (rows) {
      const problem = vectorProblem(rows, tower === 'vision' && provider !== 'cpu');
      if (problem === null) return rows;
      if (provider === 'cpu') throw damagedOutput(this.labels[tower], problem);
      failure = `it returned ${problem}`;
    }
    await this.moveToCpu(provider, failure);
    return this.onProvider(tower, work);
  }

  /** Replaces both towers' sessions with CPU ones of the same files (checked unchanged), once. */
  private moveToCpu(provider: string, reason: string): Promise<void> {
    this.switching ??= (async () => {
      const { files, spec, intraOpNumThreads, log } = this.takeover;
      // The CPU must run the graphs this model's vectors came from: files changed on disk since the load are refused.
      const towers = await towerIdentitiesOf(files, spec);
      if (towers.imageTowerId !== this.info.imageTowerId || towers.textTowerId !== this.info.textTowerId) {
        throw new LumenFailure(
          'model-changed',
          `${provider} failed during a run (${reason}), and the CPU cannot take over: the model files in ${files.folder} changed on disk since they were loaded; restart Lumen`,
        );
      }
      const options = { executionProviders: ['cpu'], ...(intraOpNumThreads ? { intraOpNumThreads } : {}) };
      const vision = await openSession(files.visionModelPath, this.labels.vision, options);
      const text = files.combined
        ? vision
        : await openSession(files.textModelPath, this.labels.text, options).catch(async (error: unknown) => {
            await vision.session.release();
            throw error;
          });
      this.retired.push(this.vision, this.text);
      this.vision = vision.session;
      this.text = text.session;
      this.info.executionProvider = 'cpu';
      this.info.deviceNote = `${provider} failed during a run (${reason}); switched to the CPU`;
      log(`${this.info.deviceNote} and ran the failed batch again there`);
    })();
    return this.switching;
  }

  private async runVisionOn(session: ort.InferenceSession, images: readonly PreparedImage[]): Promise<Float32Array[]> {
    const first = images[0];
    if (!first) return [];
    const plane = first.data.length;
    const pixels = new Float32Array(plane * images.length);
    images.forEach((image, i) => pixels.set(image.data, i * plane));
    const dims = [images.length, 3, first.height, first.width];
    const tensor = this.pixelType === 'float16' ? new ort.Tensor('float16', toFloat16Bits(pixels), dims) : new ort.Tensor('float32', pixels, dims);
    const output = this.signature.imageOutput;
    const feeds: Record<string, ort.Tensor> = { [this.signature.pixelInput]: tensor, ...this.placeholderText(session, images.length) };
    const outputs = await session.run(feeds, [output]);
    return rowsOf(outputs[output], images.length, this.labels.vision);
  }

  private async runTextOn(session: ort.InferenceSession, texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const { textShape, textOutput, tokenOutput, idsInput } = this.signature;
    const cleaning = this.files.textCleaning;
    const batch = this.tokenizer.encode(
      cleaning ? texts.map((text) => cleanText(text, cleaning)) : texts,
      textShape.kind === 'fixed' ? 'max_length' : 'longest',
    );
    const dims = [batch.batchSize, batch.sequenceLength];
    // Each integer input in the type the graph declares: Immich's exports take int32.
    const integers = (name: string, values: BigInt64Array): ort.Tensor =>
      inputElementType(session, name) === 'int32' ? new ort.Tensor('int32', Int32Array.from(values, Number), dims) : new ort.Tensor('int64', values, dims);
    const available: Record<string, () => ort.Tensor> = {
      [idsInput]: () => integers(idsInput, batch.inputIds),
      attention_mask: () => integers('attention_mask', batch.attentionMask),
      token_type_ids: () => integers('token_type_ids', new BigInt64Array(batch.inputIds.length)),
      // A graph holding both towers needs an image too (see placeholderPixels).
      pixel_values: () => this.placeholderPixels(),
    };
    const feeds = Object.fromEntries(session.inputNames.map((name) => [name, (available[name] as () => ort.Tensor)()]));
    const outputs = await session.run(feeds, [textOutput]);
    const result = outputs[textOutput];
    if (!tokenOutput || !this.files.sentenceTransformers) return rowsOf(result, texts.length, this.labels.text);
    if (!result || result.type !== 'float32' || result.dims.length !== 3 || result.dims[0] !== texts.length) {
      throw new LumenFailure(
        'bad-model',
        `${this.labels.text} returned ${result ? `${result.type} [${result.dims.join(', ')}]` : 'nothing'}, expected float32 token vectors [${texts.length}, sequence, hidden]`,
      );
    }
    return poolAndProject(this.files.sentenceTransformers, result.data as Float32Array, result.dims, batch.attentionMask);
  }

  /**
   * The image a graph holding both towers is fed with texts, at the size this model's
   * preprocessing makes: none at all, [0, 3, H, W], for jina-clip-v2 (as transformers.js feeds it);
   * one black image for a whole CLIPModel graph, whose image_embeds are then not read.
   */
  private placeholderPixels(): ort.Tensor {
    const crop = this.spec.centerCrop;
    const rule = this.spec.resize?.rule;
    const [height, width] = crop ? [crop.height, crop.width] : rule?.kind === 'exact' ? [rule.height, rule.width] : [1, 1];
    const rows = this.signature.otherTower === 'one-row' ? 1 : 0;
    const values = rows * 3 * height * width;
    return this.pixelType === 'float16'
      ? new ort.Tensor('float16', new Uint16Array(values), [rows, 3, height, width])
      : new ort.Tensor('float32', new Float32Array(values), [rows, 3, height, width]);
  }

  /**
   * The text a graph holding both towers is fed with photos: one token per photo for jina-clip-v2
   * (as transformers.js feeds it), one one-token text for a whole CLIPModel graph, whose text
   * vectors are then not read. Nothing for split towers.
   */
  private placeholderText(session: ort.InferenceSession, images: number): Record<string, ort.Tensor> {
    const kind = this.signature.otherTower;
    if (kind === null) return {};
    if (kind === 'jina') return { input_ids: new ort.Tensor('int64', new BigInt64Array(images).fill(1n), [images, 1]) };
    const values: Record<string, bigint> = { input_ids: BigInt(this.tokenizer.padTokenId), attention_mask: 1n, token_type_ids: 0n };
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of session.inputNames) {
      const value = values[name];
      if (value === undefined) continue;
      feeds[name] =
        inputElementType(session, name) === 'int32'
          ? new ort.Tensor('int32', Int32Array.of(Number(value)), [1, 1])
          : new ort.Tensor('int64', BigInt64Array.of(value), [1, 1]);
    }
    return feeds;
  }

  /**
   * Runs each tower once, on the provider it was opened on (no fallback: a provider that fails
   * here fails the load): the vector size, from the text tower, must match both graphs' declared
   * sizes and the image tower's actual output, and neither may give NaN or infinite values (a
   * weight damaged on disk that onnxruntime still loads).
   */
  private async measureEmbedDim(): Promise<number> {
    const imageDim = fixedLastDimension(this.vision, this.signature.imageOutput);
    // A token output's last dimension is the hidden size, before pooling and Dense layers.
    const textDim = this.signature.tokenOutput ? null : fixedLastDimension(this.text, this.signature.textOutput);
    const texts = await this.runTextOn(this.text, ['a photo']);
    const measured = texts[0]?.length ?? 0;
    for (const [label, dim] of [
      [this.labels.vision, imageDim],
      [this.labels.text, textDim],
    ] as const) {
      if (dim !== null && dim !== measured) {
        throw new LumenFailure(
          'bad-model',
          `model file ${label} outputs ${dim}-dimensional vectors but the text tower gives ${measured}: the towers do not belong together`,
        );
      }
    }
    if (measured < 1) throw new LumenFailure('bad-model', `model file ${this.labels.text} returned an empty vector`);
    const images = await this.runVisionOn(this.vision, [await this.prepareImage(probeImage())]);
    const imageMeasured = images[0]?.length ?? 0;
    if (imageMeasured !== measured) {
      throw new LumenFailure(
        'bad-model',
        `model file ${this.labels.vision} outputs ${imageMeasured}-dimensional vectors but the text tower gives ${measured}: the towers do not belong together`,
      );
    }
    for (const [label, rows] of [
      [this.labels.text, texts],
      [this.labels.vision, images],
    ] as const) {
      const problem = vectorProblem(rows, false);
      if (problem !== null) throw damagedOutput(label, problem, this.info.executionProvider);
    }
    return measured;
  }
}

/**
 * What is wrong with a batch of vectors, or null. NaN and infinite values are never a model's
 * answer; an all-zero vector can be (the demo model's text tower gives one for an empty text),
 * so it is refused only where asked (image vectors from an accelerated provider, which a failing
 * GPU returns as zeroed memory). Costs one pass over the vectors, nothing next to the inference.
 */
function vectorProblem(rows: readonly Float32Array[], refuseZero: boolean): string | null {
  for (const row of rows) {
    let sum = 0;
    for (const value of row) {
      if (!Number.isFinite(value)) return 'NaN or infinite values';
      sum += value * value;
    }
    if (refuseZero && sum === 0) return 'an all-zero vector';
  }
  return null;
}

function damagedOutput(label: string, problem: string, provider = 'cpu'): LumenFailure {
  return new LumenFailure('bad-model', `model file ${label} gives ${problem} (on ${provider}): the file is probably damaged; reinstall or replace the model`);
}

/** A small colour gradient: the image the load runs through the vision tower once. */
function probeImage(): RgbImage {
  const width = 48;
  const height = 32;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([Math.round((x * 255) / width), Math.round((y * 255) / height), 96], (y * width + x) * 3);
  }
  return { data, width, height };
}

/** The batch size a graph input fixes (its first dimension), or null when it is free. */
function fixedBatchSize(session: ort.InferenceSession, input: string): number | null {
  const meta = session.inputMetadata.find((m) => m.name === input);
  const batch = meta?.isTensor ? meta.shape[0] : undefined;
  return typeof batch === 'number' && batch > 0 ? batch : null;
}

function modelName(config: JsonObject, folder: string): string {
  for (const key of ['name', '_name_or_path']) {
    const value = config[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return basename(folder);
}
