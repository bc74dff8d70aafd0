import type { SearchHit, SearchRequest, SearchResponse, VectorBackendName } from '../../../src-common/contract';
import type { PhotoRepository } from '../library/photo-repository';
import type { VectorIndex } from '../library/vector/vector-index';
import type { EmbedWorkerClient } from '../indexer/embed-worker/worker-client';

export interface SearchServiceDeps {
  photos: PhotoRepository;
  vectorIndex: VectorIndex;
  worker: EmbedWorkerClient;
  modelName: string;
}

/** Free-text search: the text tower embeds the query, the vector index ranks photos by cosine. */
export class SearchService {
  constructor(private readonly deps: SearchServiceDeps) {}

  get vectorBackend(): VectorBackendName {
    return this.deps.vectorIndex.backend;
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    const [query] = await this.deps.worker.call('embed-texts', { texts: [request.text] });
    if (!query) throw new Error('the text tower returned no vector');
    const vectorHits = this.deps.vectorIndex.search(query, request.limit);
    const photos = new Map(this.deps.photos.getPhotos(vectorHits.map((hit) => hit.photoId)).map((p) => [p.id, p]));
    const hits: SearchHit[] = [];
    for (const hit of vectorHits) {
      const photo = photos.get(hit.photoId);
      if (!photo) continue;
      hits.push({
        rank: hits.length + 1,
        photoId: photo.id,
        path: photo.path,
        score: hit.similarity,
        width: photo.width,
        height: photo.height,
        takenAt: photo.takenAt,
      });
    }
    return { query: request.text, model: this.deps.modelName, vectorBackend: this.vectorBackend, hits };
  }
}
