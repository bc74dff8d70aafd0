/**
 * Handlers of the window's timeline and photo-mark calls (contract-browse.ts) over the session's
 * PhotoBrowser and the library's marks (PhotoMarksService, which records each change for undo). Part of the one dispatcher (api-handlers.ts).
 */
import type { BrowseApi } from '../../../src-common/contract-browse';
import { LumenFailure } from '../../../src-common/result';
import type { ApiHandlers } from '../../../src-common/validated-dispatcher';
import { PhotoMarksRepository } from '../library/photo-marks-repository';
import { photoTagNames } from '../tagging/photo-tag-names';
import type { AppSession } from './app-session';

export function browseHandlers(session: () => Promise<AppSession>): Pick<ApiHandlers, keyof BrowseApi> {
  return {
    listPhotoDays: async (request) => (await session()).browser.days(request),
    getPhotoMarks: async (photoIds) => (await session()).services.marks.marksOf(photoIds),
    // One history entry per call, however many photos: Ctrl+Z takes the whole selection's change back.
    setPhotoMarks: async (change) => (await session()).services.marks.change(change),
    getPhotoTags: async (photoId) => {
      const { db } = (await session()).services;
      if (new PhotoMarksRepository(db).missing([photoId]).length > 0) throw new LumenFailure('unknown-photo', `no photo with id ${photoId} in this library`);
      return photoTagNames(db, photoId);
    },
  };
}
