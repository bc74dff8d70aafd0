import type { IvfBuildOptions } from '../ivf/build-ivf';
import type { RebuildTarget } from './rebuild-state';

/** What the owning process asks the rebuild worker to build (its first and only job). */
export interface RebuildJob {
  type: 'build';
  libraryDir: string;
  towerRowId: number;
  dim: number;
  target: RebuildTarget;
  /** Where an IVF build writes (renamed by the swap); an exact build writes the tower's vec0 table, unused while IVF serves. */
  ivfTable: string;
  ivfBuild: IvfBuildOptions;
}

/** The rebuild worker's one call over the channel (src-common/channel.ts): build, answering how many vectors the new layout holds. */
export type RebuildCalls = {
  build: { args: RebuildJob; result: { vectors: number } };
};
