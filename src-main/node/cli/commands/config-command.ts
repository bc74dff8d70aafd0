import { resolve } from 'node:path';
import { LibraryDb } from '../../library/library-db';
import { SettingsRepository } from '../../library/settings-repository';
import { parseBackendSetting, SETTING_DEVICE, SETTING_MODEL_FOLDER, SETTING_VECTOR_BACKEND } from '../../lumen-services';
import { DEVICE_CHOICES } from '../../../../src-common/contract-settings';
import { validateDeviceChoice } from '../../../../src-common/validate-settings';
import { UsageError, type CliIo } from '../cli-io';

const KEYS = [SETTING_VECTOR_BACKEND, SETTING_MODEL_FOLDER, SETTING_DEVICE] as const;

function checkValue(key: string, value: string): string {
  if (key === SETTING_VECTOR_BACKEND) return parseBackendSetting(value);
  if (key === SETTING_DEVICE) {
    if (!validateDeviceChoice(value).ok) throw new UsageError(`${SETTING_DEVICE} must be one of ${DEVICE_CHOICES.join(', ')}, not "${value}"`);
    return value;
  }
  return resolve(value);
}

/** Settings live in the library, so they need no model or worker: just the database. */
export function runConfigCommand(libraryDir: string, args: string[], json: boolean, io: CliIo): number {
  const [action, key, value] = args;
  if (!key || !(KEYS as readonly string[]).includes(key)) throw new UsageError(`config needs a key: ${KEYS.join(', ')}`);
  const db = LibraryDb.open(libraryDir);
  try {
    const settings = new SettingsRepository(db);
    if (action === 'get' && value === undefined) {
      const current = settings.get(key) ?? null;
      io.out(json ? `${JSON.stringify({ key, value: current })}\n` : `${current ?? '(default)'}\n`);
      return 0;
    }
    if (action === 'set' && value !== undefined) {
      const checked = checkValue(key, value);
      settings.set(key, checked);
      io.out(json ? `${JSON.stringify({ key, value: checked })}\n` : `${key} = ${checked}\n`);
      return 0;
    }
    throw new UsageError('usage: lumen config get <key> | lumen config set <key> <value>');
  } finally {
    db.close();
  }
}
