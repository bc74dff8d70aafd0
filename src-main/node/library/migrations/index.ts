import type { Migration } from './migration';
import { initialSchema } from './001-initial';
import { vectorIndexSync } from './002-vector-index-sync';
import { searchTagsClassify } from './003-search-tags-classify';
import { fileOperationSteps } from './004-file-operation-steps';
import { ivfResidualCodes } from './005-ivf-residual-codes';
import { videos } from './006-videos';
import { photoPlaces } from './007-photo-places';
import { photoParts } from './008-photo-parts';
import { photoCopies } from './009-photo-copies';
import { photoMarks } from './010-photo-marks';
import { photoContentIdentifier } from './011-photo-content-identifier';
import { history } from './012-history';
import { categoryPhotos } from './013-category-photos';
import { photoPlaceRegion } from './014-photo-place-region';
import { impossibleExifDates } from './015-impossible-exif-dates';

export type { Migration } from './migration';

/** Every migration, in order; `version` is its position (1-based) and becomes `PRAGMA user_version`. */
export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  vectorIndexSync,
  searchTagsClassify,
  fileOperationSteps,
  ivfResidualCodes,
  videos,
  photoPlaces,
  photoParts,
  photoCopies,
  photoMarks,
  photoContentIdentifier,
  history,
  categoryPhotos,
  photoPlaceRegion,
  impossibleExifDates,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
