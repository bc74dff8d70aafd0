import type { ImageSource, ImageVectorOutcome, WorkerCalls } from '../indexer/embed-worker/protocol';

/**
 * Turns texts and images into vectors of one model's shared space. Search, classify and tagging
 * depend on this only; in the product it is the embed worker (EmbedWorkerClient), in fast tests a
 * small deterministic encoder.
 */
export interface ImageTextEncoder {
  embedTexts(texts: string[]): Promise<Float32Array[]>;
  /** One outcome per image, in order: its vector, or why it could not be read. */
  embedImages(images: ImageSource[]): Promise<ImageVectorOutcome[]>;
}

export type ModelLoadRequest = WorkerCalls['load-model']['args'];
export type LoadedModel = WorkerCalls['load-model']['result'];

/** An encoder that can be switched to another model (the serving tower does when the library's model differs). */
export interface SwitchableEncoder extends ImageTextEncoder {
  loadModel(request: ModelLoadRequest): Promise<LoadedModel>;
}
