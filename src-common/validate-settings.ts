/** Argument validation for the Settings page's calls (contract-settings.ts). */
import { DEVICE_CHOICES, type DeviceChoice } from './contract-settings';
import { err, ok, type Result } from './result';

/** Installed model ids as `lumen model add` makes them: letters, digits, dot, dash, underscore. */
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function validateModelId(input: unknown): Result<string> {
  if (typeof input !== 'string' || !MODEL_ID.test(input)) return err('bad-argument', 'model id must be 1 to 100 letters, digits, dots, dashes or underscores');
  return ok(input);
}

export function validateDeviceChoice(input: unknown): Result<DeviceChoice> {
  const choice = DEVICE_CHOICES.find((known) => known === input);
  if (choice === undefined) return err('bad-argument', `device must be one of ${DEVICE_CHOICES.join(', ')}`);
  return ok(choice);
}
