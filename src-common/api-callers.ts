/**
 * `LumenApi` over one generic call (IPC in the preload, HTTP in the browser window), written out
 * method by method: a method missing here does not compile, and no transport casts a whole object
 * to the API. The transport answers each method with that method's Result (the dispatcher's
 * handlers are typed so); `call` is where that is taken on trust, once.
 */
import type { LumenApi, LumenMethod } from './contract';

export type ApiCall = <M extends LumenMethod>(method: M, arg?: unknown) => ReturnType<LumenApi[M]>;

export function lumenApiOver(call: ApiCall): LumenApi {
  return {
    getStatus: () => call('getStatus'),
    search: (request) => call('search', request),
    listPhotos: (request) => call('listPhotos', request),
    getPhoto: (photoId) => call('getPhoto', photoId),
    listPhotoDays: (request) => call('listPhotoDays', request),
    getPhotoMarks: (photoIds) => call('getPhotoMarks', photoIds),
    setPhotoMarks: (change) => call('setPhotoMarks', change),
    getPhotoTags: (photoId) => call('getPhotoTags', photoId),
    listDuplicates: () => call('listDuplicates'),
    moveDuplicates: (request) => call('moveDuplicates', request),
    listFolderTree: () => call('listFolderTree'),
    listPhotoSpots: () => call('listPhotoSpots'),
    addFolder: (path) => call('addFolder', path),
    removeFolder: (path) => call('removeFolder', path),
    reindexAll: () => call('reindexAll'),
    retryFailedFiles: () => call('retryFailedFiles'),
    getIndexing: () => call('getIndexing'),
    controlIndexing: (action) => call('controlIndexing', action),
    listTags: () => call('listTags'),
    addTag: (request) => call('addTag', request),
    renameTag: (request) => call('renameTag', request),
    deleteTag: (name) => call('deleteTag', name),
    tagPhotos: (request) => call('tagPhotos', request),
    startTagRun: (request) => call('startTagRun', request),
    getTagRun: () => call('getTagRun'),
    cancelTagRun: () => call('cancelTagRun'),
    cancelClassify: () => call('cancelClassify'),
    listSuggestions: (tag) => call('listSuggestions', tag),
    decideSuggestions: (request) => call('decideSuggestions', request),
    listCategorySets: () => call('listCategorySets'),
    addCategory: (request) => call('addCategory', request),
    classifyFiles: (request) => call('classifyFiles', request),
    classifyImage: (request) => call('classifyImage', request),
    undoLast: () => call('undoLast'),
    describeTag: (request) => call('describeTag', request),
    editCategory: (request) => call('editCategory', request),
    deleteCategory: (request) => call('deleteCategory', request),
    fileIntoCategory: (request) => call('fileIntoCategory', request),
    listModels: () => call('listModels'),
    useModel: (id) => call('useModel', id),
    addModel: (folder) => call('addModel', folder),
    getDevice: () => call('getDevice'),
    setDevice: (choice) => call('setDevice', choice),
    modelCatalog: () => call('modelCatalog'),
    installModel: (request) => call('installModel', request),
    removeModel: (id) => call('removeModel', id),
    cancelModelInstall: () => call('cancelModelInstall'),
    getExcludePatterns: () => call('getExcludePatterns'),
    setExcludePatterns: (patterns) => call('setExcludePatterns', patterns),
    listHistory: () => call('listHistory'),
    undoHistoryEntry: (request) => call('undoHistoryEntry', request),
  };
}
