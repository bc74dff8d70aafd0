import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { compiledProviders } from './execution-device';

/** The file name of onnxruntime's CUDA provider library on each platform that has one. */
const CUDA_PROVIDER_LIBRARY: Readonly<Partial<Record<NodeJS.Platform, string>>> = {
  linux: 'libonnxruntime_providers_cuda.so',
  win32: 'onnxruntime_providers_cuda.dll',
};

/**
 * Why CUDA cannot run here, as a plain reason, or null when onnxruntime-node has its CUDA provider
 * (whether the GPU then starts is found out when the model loads, which falls back to the CPU).
 * onnxruntime-node lists `cuda` on Linux and Windows, but fetches the provider library only where
 * it found the CUDA runtime at install time.
 */
export function cudaUnavailableReason(platform: NodeJS.Platform = process.platform): string | null {
  const library = CUDA_PROVIDER_LIBRARY[platform];
  if (library === undefined) return 'onnxruntime has no CUDA provider on this operating system';
  if (!compiledProviders().includes('cuda')) return 'this onnxruntime build has no CUDA provider';
  return providerLibraryPresent(library) ? null : 'onnxruntime-node’s CUDA provider library is not installed (it comes only where the CUDA runtime was found)';
}

function providerLibraryPresent(library: string): boolean {
  const root = join(dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json')), 'bin');
  try {
    return readdirSync(root, { recursive: true, encoding: 'utf8' }).some((file) => file.endsWith(library));
  } catch {
    // No bin folder to look in: onnxruntime-node is laid out otherwise, and nothing says CUDA is there.
    return false;
  }
}
