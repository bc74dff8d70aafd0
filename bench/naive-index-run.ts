/**
 * The baseline a short script would be: one photo at a time, decode at full size → preprocess →
 * infer a batch of one → insert, each statement its own commit. Same model, same library schema.
 * `tsx bench/naive-index-run.ts <photos> <library> <model> [device]` prints one JSON line.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { peakRssBytes } from '../src-main/node/indexer/embed-worker/peak-rss';
import { EmbeddingRepository } from '../src-main/node/library/embedding-repository';
import { LibraryDb } from '../src-main/node/library/library-db';
import { PhotoRepository } from '../src-main/node/library/photo-repository';
import { openVectorIndex } from '../src-main/node/library/vector/open-vector-index';
import { isDeviceChoice } from '../src-main/node/model/execution-device';
import { ImageTextModel } from '../src-main/node/model/image-text-model';
import { decodeImage } from '../src-main/node/photos/decode-image';
import { readPhotoMetadata } from '../src-main/node/photos/photo-metadata';

const [photos, library, modelFolder, device = 'cpu'] = process.argv.slice(2);
if (!photos || !library || !modelFolder || !isDeviceChoice(device)) throw new Error('usage: naive-index-run.ts <photos> <library> <model> [device]');

const model = await ImageTextModel.load(modelFolder, { device });
const db = LibraryDb.open(library);
const repo = new PhotoRepository(db);
const embeddings = new EmbeddingRepository(db);
const tower = embeddings.ensureImageTower(model.info.imageTowerId, model.info.name, model.info.embedDim);
const index = openVectorIndex(db, 'vec', tower, model.info.embedDim);
const rootId = repo.upsertRoot(photos);
const started = performance.now();
let count = 0;
for (const name of (await readdir(photos)).filter((n) => n.endsWith('.jpg')).sort()) {
  const path = join(photos, name);
  const info = await stat(path);
  const decoded = await decodeImage(await readFile(path));
  const metadata = await readPhotoMetadata(decoded.exif);
  const [vector] = await model.embedImages([await model.prepareImage(decoded.image)]);
  const id = repo.upsertPhoto({
    rootId,
    path,
    size: info.size,
    mtimeMs: Math.trunc(info.mtimeMs),
    contentHash: name,
    width: decoded.image.width,
    height: decoded.image.height,
    format: decoded.format,
    ...metadata,
    thumbnail: null,
  });
  embeddings.putEmbedding(id, tower, vector as Float32Array);
  index.upsert([{ photoId: id, vector: vector as Float32Array }]);
  count++;
}
const seconds = (performance.now() - started) / 1000;
index.dispose();
db.close();
await model.dispose();
process.stdout.write(`${JSON.stringify({ seconds, photos: count, peakRssBytes: peakRssBytes() })}\n`);
