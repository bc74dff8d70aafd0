import * as ort from 'onnxruntime-node';
import { DEVICE_CHOICES, type DeviceChoice } from '../../../src-common/contract-settings';

/** What `--device` accepts: a provider by name, or `auto` to try what the platform offers (shared with the window's settings). */
export { DEVICE_CHOICES, type DeviceChoice };

export function isDeviceChoice(value: string): value is DeviceChoice {
  return (DEVICE_CHOICES as readonly string[]).includes(value);
}

/** GPU providers worth trying on each platform, best first. */
const PLATFORM_ORDER: Readonly<Partial<Record<NodeJS.Platform, readonly string[]>>> = {
  linux: ['cuda', 'webgpu'],
  win32: ['cuda', 'dml', 'webgpu'],
  darwin: ['coreml', 'webgpu'],
};

/**
 * The accelerated providers to try for a choice, in order (the CPU is always the fallback and is
 * not listed). `auto` keeps those this onnxruntime build has compiled in; an explicit choice is
 * tried even when the build lacks it, so the failure and its reason are reported.
 */
export function deviceCandidates(
  choice: DeviceChoice,
  platform: NodeJS.Platform = process.platform,
  available: readonly string[] = compiledProviders(),
): string[] {
  if (choice === 'cpu') return [];
  if (choice !== 'auto') return [choice];
  return (PLATFORM_ORDER[platform] ?? []).filter((provider) => available.includes(provider));
}

/** Providers compiled into this onnxruntime-node binary (CUDA's libraries may still be missing). */
export function compiledProviders(): string[] {
  return ort.listSupportedBackends().map((backend) => backend.name);
}
