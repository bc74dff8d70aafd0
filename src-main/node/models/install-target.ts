import type { DeviceChoice } from '../model/execution-device';

export interface InstallTarget {
  /** Which of a catalogue entry's recommendations to install. */
  target: 'cpu' | 'gpu';
  /** One sentence when CUDA was asked for and cannot run here, so the CPU's precisions are installed. */
  notice: string | null;
}

/**
 * The catalogue recommendation a `--device` asks for: CUDA (or `auto` where CUDA can run) and the
 * other GPU providers take the GPU's precisions, the CPU and no choice the CPU's. `cudaProblem`
 * says why CUDA cannot run here, or null (cuda-availability.ts).
 */
export function installTarget(device: DeviceChoice | undefined, cudaProblem: () => string | null): InstallTarget {
  if (device === undefined || device === 'cpu') return { target: 'cpu', notice: null };
  if (device === 'cuda' || device === 'auto') {
    const problem = cudaProblem();
    if (problem === null) return { target: 'gpu', notice: null };
    return {
      target: 'cpu',
      notice: device === 'cuda' ? `CUDA is not available here (${problem}), so the model's CPU precisions are installed and it runs on the CPU` : null,
    };
  }
  return { target: 'gpu', notice: null };
}
