import { CATALOG_DTYPES, isCatalogDtype } from '../models/catalog/catalog-types';
import { UsageError } from './cli-io';
import { DEVICE_CHOICES, isDeviceChoice, type DeviceChoice } from '../model/execution-device';

/** `--device`, a global option: which execution provider loads the model. */
export function parseDevice(value: string | undefined): DeviceChoice | undefined {
  if (value === undefined) return undefined;
  if (!isDeviceChoice(value)) throw new UsageError(`--device must be one of ${DEVICE_CHOICES.join(', ')}, not "${value}"`);
  return value;
}

/** Options of `lumen model …`, declared apart from the global ones like command-options.ts. */
export const MODEL_OPTIONS = {
  id: { type: 'string' },
  variant: { type: 'string' },
  device: { type: 'string' },
} as const;

export interface ModelCommandOptions {
  id: string | undefined;
  /** A tower precision, as Lumen (`quantized`) or transformers.js (`q8`, `q4f16`, …) names it. */
  variant: string | undefined;
  /** `--device` (a global option): `model add` installs the catalogue's GPU or CPU precisions for it. */
  device: DeviceChoice | undefined;
}

export function parseModelOptions(values: { id?: string; variant?: string; device?: string }): ModelCommandOptions {
  const { variant } = values;
  if (variant !== undefined && variant !== 'quantized' && !isCatalogDtype(variant))
    throw new UsageError(`--variant must be one of fp32, quantized, ${CATALOG_DTYPES.slice(1).join(', ')}, not "${variant}"`);
  return { id: values.id, variant, device: parseDevice(values.device) };
}
