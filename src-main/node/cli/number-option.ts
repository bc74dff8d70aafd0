import { UsageError } from './cli-io';

/** A numeric option's value checked against its range; undefined when the option was not given. */
export function parseNumberOption(value: string | undefined, name: string, range: { min: number; max: number; integer?: boolean }): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  const shapeOk = range.integer ? /^\d+$/.test(value) : /^\d+(\.\d+)?$|^\.\d+$/.test(value);
  if (!shapeOk || number < range.min || number > range.max) {
    throw new UsageError(`${name} must be ${range.integer ? 'a whole number' : 'a number'} from ${range.min} to ${range.max}, not "${value}"`);
  }
  return number;
}
