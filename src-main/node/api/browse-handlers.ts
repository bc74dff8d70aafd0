/**
 * Handlers of the window's timeline and photo-mark calls (contract-browse.ts) over the session's
 * PhotoBrowser and the library's marks. Part of the one dispatcher (api-handlers.ts).
 */
import type { BrowseApi, MarkedPhoto } from '../../../src-common/contract-browse';
import { LumenFailure } from '../../../src-common/result';
import type { ApiHandlers } from '../../../src-common/validated-dispatcher';
import { PhotoMarksRepository } from '../library/photo-marks-repository';
import { photoTagNames } from '../tagging/photo-tag-names';
import type { AppSession } from './app-session';

function marked(marks: PhotoMarksRepository, photoIds: readonly number[]): MarkedPhoto[] {
  const missing = marks.missing(photoIds);
  if (missing.length > 0) throw new LumenFailure('unknown-photo', `no photo with id ${missing[0]} in this library`);
  return [...marks.marksOf(photoIds)].map(([photoId, photoMarks]) => ({ photoId, ...photoMarks }));
}

export function browseHandlers(session: () => Promise<AppSession>): Pick<ApiHandlers, keyof BrowseApi> {
  const marks = async () => new PhotoMarksRepository((await session()).services.db);
  return {
    listPhotoDays: async (request) => (await session()).browser.days(request),
    getPhotoMarks: async (photoIds) => marked(await marks(), photoIds),
    setPhotoMarks: async ({ photos, ...change }) => {
      const repository = await marks();
      marked(repository, photos);
      repository.change(photos, change);
      return marked(repository, photos);
    },
    getPhotoTags: async (photoId) => {
      const { db } = (await session()).services;
      if (new PhotoMarksRepository(db).missing([photoId]).length > 0) throw new LumenFailure('unknown-photo', `no photo with id ${photoId} in this library`);
      return photoTagNames(db, photoId);
    },
  };
}
