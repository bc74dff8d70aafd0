/**
 * Handlers of the window's tag and category calls (contract-organize.ts), over the existing
 * TagService, ClassifyService and UndoService. Part of the one dispatcher (api-handlers.ts).
 */
import type { OrganizeApi } from '../../../src-common/contract-organize';
import type { Result } from '../../../src-common/result';
import { validateNoArgument } from '../../../src-common/validate-app';
import {
  validateClassifyFiles,
  validateClassifyImage,
  validateName,
  validateNewCategory,
  validateNewTag,
  validateRenameTag,
  validateSuggestionDecision,
  validateTagPhotos,
  validateTagRun,
} from '../../../src-common/validate-organize';
import type { AppSession } from './app-session';

type Handler = (arg: unknown) => Promise<Result<unknown>>;
type Checked = <A, T>(check: (arg: unknown) => Result<A>, work: (value: A) => Promise<T> | T) => Handler;

export function organizeHandlers(session: () => Promise<AppSession>, checked: Checked): Record<keyof OrganizeApi, Handler> {
  const tags = async () => (await session()).services.tags;
  const classify = async () => (await session()).services.classify;
  return {
    listTags: checked(validateNoArgument, async () => (await tags()).listTags()),
    addTag: checked(validateNewTag, async ({ name, descriptions }) => (await tags()).addTag(name, descriptions ?? [])),
    renameTag: checked(validateRenameTag, async ({ from, to }) => (await tags()).rename(from, to)),
    deleteTag: checked(
      (arg) => validateName(arg, 'tag'),
      async (name) => {
        const service = await tags();
        service.delete(name);
        return service.listTags();
      },
    ),
    // A person's decision: the photos become accepted examples the tag's few-shot model learns from.
    tagPhotos: checked(validateTagPhotos, async ({ tag, photos }) => (await tags()).decide(tag, photos, 'accepted')),
    startTagRun: checked(validateTagRun, async (request) => (await session()).tagRun.start(request)),
    getTagRun: checked(validateNoArgument, async () => (await session()).tagRun.state()),
    cancelTagRun: checked(validateNoArgument, async () => (await session()).tagRun.cancel()),
    listSuggestions: checked(
      (arg) => validateName(arg, 'tag'),
      async (name) => (await tags()).review(name),
    ),
    decideSuggestions: checked(validateSuggestionDecision, async ({ tag, decision, photos }) => {
      const service = await tags();
      const state = decision === 'accept' ? 'accepted' : 'rejected';
      return photos ? service.decide(tag, photos, state) : service.decideAllSuggestions(tag, state);
    }),
    listCategorySets: checked(validateNoArgument, async () => (await classify()).listSets()),
    addCategory: checked(validateNewCategory, async ({ set, name, descriptions, folder }) =>
      (await classify()).defineCategory(set, { name, ...(descriptions ? { descriptions } : {}), ...(folder ? { folder } : {}) }),
    ),
    classifyFiles: checked(validateClassifyFiles, async ({ into, files, action }) => (await classify()).classify({ into, files, ...(action ? { action } : {}) })),
    classifyImage: checked(validateClassifyImage, async ({ into, name, data }) =>
      (await classify()).classify({ into, files: [], images: [{ name, bytes: new Uint8Array(Buffer.from(data, 'base64')) }] }),
    ),
    undoLast: checked(validateNoArgument, async () => (await session()).services.undo.undoLast()),
  };
}
