/**
 * Handlers of the window's duplicates, folder-tree and map calls (contract-library-views.ts). Part
 * of the one dispatcher (api-handlers.ts).
 */
import type { LibraryViewsApi } from '../../../src-common/contract-library-views';
import type { ApiHandlers } from '../../../src-common/validated-dispatcher';
import { photoSpots } from '../places/photo-spots';
import type { AppSession } from './app-session';
import { folderTree } from './folder-tree';

export function libraryViewHandlers(session: () => Promise<AppSession>): Pick<ApiHandlers, keyof LibraryViewsApi> {
  return {
    listDuplicates: async () => (await session()).services.duplicates.groups(),
    moveDuplicates: async (request) => (await session()).services.duplicates.move(request),
    listFolderTree: async () => {
      const { db, photos } = (await session()).services;
      return folderTree(db, photos);
    },
    listPhotoSpots: async () => photoSpots((await session()).services.db),
  };
}
