import { readFile } from 'node:fs/promises';
import type { ImageTextModel } from '../../model/image-text-model';
import type { PreparedImage } from '../../model/image-preprocessor';
import { describeDecodeError } from '../../photos/describe-decode-error';
import { decodeForModel, prepareDecoded } from './decode-for-model';
import type { ImageSource, ImageVectorOutcome } from './protocol';

const EMPTY_FILE_REASON = 'the file is empty (0 bytes)';

/**
 * Image vectors for files or bytes that need not be in the library (search by example, classify,
 * category examples). Decoded exactly as the indexer decodes, so vectors are comparable; nothing
 * is written: no thumbnail, no database row.
 */
export async function embedImageSources(model: ImageTextModel, sources: readonly ImageSource[]): Promise<ImageVectorOutcome[]> {
  const prepared: Array<PreparedImage | string> = [];
  for (const source of sources) {
    try {
      const bytes = 'path' in source ? await readFile(source.path) : Buffer.from(source.bytes);
      if (bytes.length === 0) {
        prepared.push(EMPTY_FILE_REASON);
        continue;
      }
      prepared.push(await prepareDecoded((await decodeForModel(bytes, model, 'path' in source ? source.path : undefined)).image, model));
    } catch (error) {
      prepared.push(describeDecodeError(error));
    }
  }
  const images = prepared.filter((p): p is PreparedImage => typeof p !== 'string');
  const vectors = await model.embedImages(images);
  let next = 0;
  return prepared.map((p): ImageVectorOutcome => {
    if (typeof p === 'string') return { ok: false, reason: p };
    const vector = vectors[next++];
    return vector ? { ok: true, vector } : { ok: false, reason: 'the image tower returned no vector' };
  });
}
