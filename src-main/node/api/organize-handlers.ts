/**
 * Handlers of the window's tag and category calls (contract-organize.ts), over the existing
 * TagService, ClassifyService and UndoService. Part of the one dispatcher (api-handlers.ts).
 */
import { CancellationTokenSource, type CancellationToken } from '../../../src-common/cancellation';
import type { OrganizeApi } from '../../../src-common/contract-organize';
import type { ApiHandlers } from '../../../src-common/validated-dispatcher';
import type { AppSession } from './app-session';

export function organizeHandlers(session: () => Promise<AppSession>): Pick<ApiHandlers, keyof OrganizeApi> {
  const tags = async () => (await session()).services.tags;
  const classify = async () => (await session()).services.classify;
  // The classify calls in progress, each under its own source (cancelled too when its call's token is), for cancelClassify.
  const classifying = new Set<CancellationTokenSource>();
  async function cancellable<T>(token: CancellationToken, work: (token: CancellationToken) => Promise<T>): Promise<T> {
    const source = new CancellationTokenSource(token);
    classifying.add(source);
    try {
      return await work(source.token);
    } finally {
      classifying.delete(source);
    }
  }
  return {
    listTags: async () => (await tags()).listTags(),
    addTag: async ({ name, descriptions }) => (await tags()).addTag(name, descriptions ?? []),
    renameTag: async ({ from, to }) => (await tags()).rename(from, to),
    deleteTag: async (name) => {
      const service = await tags();
      service.delete(name);
      return service.listTags();
    },
    // A person's decision: the photos become accepted examples the tag's few-shot model learns from.
    tagPhotos: async ({ tag, photos }) => (await tags()).decide(tag, photos, 'accepted'),
    startTagRun: async (request) => (await session()).tagRun.start(request),
    getTagRun: async () => (await session()).tagRun.state(),
    cancelTagRun: async () => (await session()).tagRun.cancel(),
    listSuggestions: async (name) => (await tags()).review(name),
    decideSuggestions: async ({ tag, decision, photos }) => {
      const service = await tags();
      // The schema gives `clear` its photos.
      if (decision === 'clear') return service.clearDecision(tag, photos ?? []);
      const state = decision === 'accept' ? 'accepted' : 'rejected';
      return photos ? service.decide(tag, photos, state) : service.decideAllSuggestions(tag, state);
    },
    listCategorySets: async () => (await classify()).listSets(),
    addCategory: async ({ set, name, descriptions, folder }) =>
      (await classify()).defineCategory(set, { name, ...(descriptions ? { descriptions } : {}), ...(folder ? { folder } : {}) }),
    classifyFiles: async ({ into, files, action }, token) =>
      cancellable(token, async (own) => (await classify()).classify({ into, files, ...(action ? { action } : {}) }, own)),
    classifyImage: async ({ into, name, data }, token) =>
      cancellable(token, async (own) =>
        (await classify()).classify({ into, files: [], images: [{ name, bytes: new Uint8Array(Buffer.from(data, 'base64')) }] }, own),
      ),
    cancelClassify: () => {
      const running = [...classifying];
      for (const source of running) source.cancel();
      return running.length > 0;
    },
    undoLast: async () => (await session()).services.undo.undoLast(),
    describeTag: async ({ name, descriptions }) => (await tags()).describe(name, descriptions),
    editCategory: async ({ set, name, newName, descriptions, folder }) =>
      (await classify()).editCategory(set, name, {
        ...(newName !== undefined ? { name: newName } : {}),
        ...(descriptions !== undefined ? { descriptions } : {}),
        ...(folder !== undefined ? { folder } : {}),
      }),
    deleteCategory: async ({ set, name }) => (await classify()).deleteCategory(set, name),
    fileIntoCategory: async (request) => (await classify()).fileInto(request),
  };
}
