/**
 * The services the history tests need over one real library database: the history journal, tag
 * decisions (the word-axes encoder stands in for a model), the copy and move journal, and the
 * history service, wired as lumen-services.ts wires them.
 */
import { join } from 'node:path';
import { FileJournal } from '../../../src-main/node/classify/file-journal';
import { UndoService } from '../../../src-main/node/classify/undo-service';
import { HistoryJournal } from '../../../src-main/node/history/history-journal';
import { HistoryService, type LibraryFolderChanges } from '../../../src-main/node/history/history-service';
import { EmbeddingRepository } from '../../../src-main/node/library/embedding-repository';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { PhotoRepository } from '../../../src-main/node/library/photo-repository';
import { KeywordWriter } from '../../../src-main/node/tagging/keyword-writer';
import { TagRepository } from '../../../src-main/node/tagging/tag-repository';
import { TagService } from '../../../src-main/node/tagging/tag-service';
import { WORD_AXES_DIM, WordAxisEncoder } from '../../support/word-axis-encoder';
import { seedPhotos } from '../library/library-fixtures';

export interface HistoryLibrary {
  db: LibraryDb;
  journal: HistoryJournal;
  photos: PhotoRepository;
  tagRows: TagRepository;
  tags: TagService;
  files: FileJournal;
  history: HistoryService;
}

/** A session with no folders of its own: nothing is a library folder, and adding or removing one does nothing. */
const NO_FOLDERS: LibraryFolderChanges = { isLibraryFolder: () => false, isBeingIndexed: () => false, add: () => Promise.resolve(), remove: () => undefined };

/** Opens (or creates) the library in `dir`/library; `folders` stands for the open session's folder changes. */
export function openHistoryLibrary(dir: string, folders: (db: LibraryDb, photos: PhotoRepository) => LibraryFolderChanges = () => NO_FOLDERS): HistoryLibrary {
  const db = LibraryDb.open(join(dir, 'library'));
  const journal = new HistoryJournal(db);
  const photos = new PhotoRepository(db);
  const embeddings = new EmbeddingRepository(db);
  const tagRows = new TagRepository(db);
  const tags = new TagService({
    db,
    tags: tagRows,
    photos,
    embeddings,
    encoder: new WordAxisEncoder(),
    towerRowId: embeddings.ensureImageTower('word-axes', 'word axes', WORD_AXES_DIM),
    embedDim: WORD_AXES_DIM,
    scoreRule: { kind: 'softmax', scale: 100, bias: 0, source: 'config' },
    keywords: new KeywordWriter(),
    history: journal,
  });
  const files = new FileJournal(db);
  const history = new HistoryService({ db, journal, files, undo: new UndoService(files), folders: folders(db, photos) });
  return { db, journal, photos, tagRows, tags, files, history };
}

/** Seeds `count` photos with suggestions for the tag “sea” (0.9 for the first, a tenth less for each next); returns their ids. */
export function seedSeaSuggestions(library: HistoryLibrary, count: number): number[] {
  const ids = seedPhotos(library.db, count);
  library.tags.addTag('sea');
  const tag = library.tagRows.requireTag('sea');
  library.tagRows.replaceSuggestions(tag.id, ids, new Map(ids.map((id, i) => [id, 0.9 - i / 10])));
  return ids;
}

/** Disposes the tag service and closes the database. */
export async function closeHistoryLibrary(library: HistoryLibrary): Promise<void> {
  await library.tags.dispose();
  library.db.close();
}
