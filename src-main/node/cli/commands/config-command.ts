import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LibraryDb } from '../../library/library-db';
import { SettingsRepository } from '../../library/settings-repository';
import { parseBackendSetting, SETTING_DEVICE, SETTING_MODEL_FOLDER, SETTING_VECTOR_BACKEND } from '../../lumen-services';
import { DEVICE_CHOICES } from '../../../../src-common/contract-settings';
import { validateArgument } from '../../../../src-common/validated-dispatcher';
import { LumenFailure } from '../../../../src-common/result';
import { readModelFolder } from '../../model/model-folder';
import { printable, UsageError, type CliIo } from '../cli-io';

const KEYS = [SETTING_VECTOR_BACKEND, SETTING_MODEL_FOLDER, SETTING_DEVICE] as const;

async function checkValue(key: string, value: string): Promise<string> {
  if (key === SETTING_VECTOR_BACKEND) return parseBackendSetting(value);
  if (key === SETTING_DEVICE) {
    if (!validateArgument('setDevice', value).ok) throw new UsageError(`${SETTING_DEVICE} must be one of ${DEVICE_CHOICES.join(', ')}, not "${value}"`);
    return value;
  }
  return checkModelFolder(value);
}

/**
 * A model folder is checked before it is recorded: a setting that names no model would break every
 * later command of this library. The same reading as a load (every file there, JSON that parses,
 * sizes within bounds), without running the towers.
 */
async function checkModelFolder(value: string): Promise<string> {
  if (value.trim() === '') throw new UsageError(`${SETTING_MODEL_FOLDER} needs a model folder; an empty path would mean the current folder`);
  const folder = resolve(value);
  const unchanged = `${SETTING_MODEL_FOLDER} was not changed`;
  const info = await stat(folder).catch(() => null);
  if (!info)
    throw new LumenFailure(
      'missing-model',
      `${unchanged}: ${folder} does not exist; give the folder of a model (lumen model list shows the installed ones, lumen model use <id> picks one)`,
    );
  if (!info.isDirectory()) throw new LumenFailure('missing-model', `${unchanged}: ${folder} is a file; give the folder of a model`);
  try {
    await readModelFolder(folder);
  } catch (error) {
    if (!(error instanceof LumenFailure)) throw error;
    throw new LumenFailure(error.code, `${unchanged}: ${folder} is not a model Lumen can use: ${error.message}`);
  }
  return folder;
}

/** Settings live in the library, so they need no model or worker: just the database. */
export async function runConfigCommand(libraryDir: string, args: string[], json: boolean, io: CliIo): Promise<number> {
  const [action, key, value] = args;
  if (!key || !(KEYS as readonly string[]).includes(key)) throw new UsageError(`config needs a key: ${KEYS.join(', ')}`);
  const db = LibraryDb.open(libraryDir);
  try {
    const settings = new SettingsRepository(db);
    if (action === 'get' && value === undefined) {
      const current = settings.get(key) ?? null;
      io.out(json ? `${JSON.stringify({ key, value: current })}\n` : `${current === null ? '(default)' : printable(current)}\n`);
      return 0;
    }
    if (action === 'set' && value !== undefined) {
      const checked = await checkValue(key, value);
      settings.set(key, checked);
      io.out(json ? `${JSON.stringify({ key, value: checked })}\n` : `${key} = ${printable(checked)}\n`);
      return 0;
    }
    throw new UsageError('usage: lumen config get <key> | lumen config set <key> <value>');
  } finally {
    db.close();
  }
}
