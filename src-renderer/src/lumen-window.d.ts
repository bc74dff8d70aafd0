import type { LumenApi } from '../../src-common/contract';

declare global {
  interface Window {
    lumen: LumenApi;
  }
}
export {};
