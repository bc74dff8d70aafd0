import { LumenFailure } from '../../../src-common/result';
import { fromFloat16Bits } from './float16';

/** One tensor of a safetensors file, widened to float32. */
export interface SafetensorsTensor {
  shape: number[];
  values: Float32Array;
}

/** A safetensors header is JSON of a few hundred bytes per tensor; more is not a weights file. */
const MAX_HEADER_BYTES = 1024 * 1024;

/**
 * The float tensors of a safetensors file (8-byte little-endian header length, a JSON header of
 * `{ name: { dtype, shape, data_offsets } }`, then the raw little-endian data), by name. Only the
 * float types small layers use are read (F32, F16, BF16, F64); anything malformed is refused with
 * the file's name.
 */
export function readSafetensors(bytes: Buffer, label: string): Map<string, SafetensorsTensor> {
  const fail = (reason: string): never => {
    throw new LumenFailure('bad-model', `model file ${label} is not a readable safetensors file: ${reason}`);
  };
  if (bytes.length < 8) fail('it is shorter than its header');
  const headerLength = Number(bytes.readBigUInt64LE(0));
  if (headerLength > MAX_HEADER_BYTES || 8 + headerLength > bytes.length) fail(`its header claims ${headerLength} bytes`);
  let header: unknown;
  try {
    header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
  } catch {
    fail('its header is not JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return fail('its header is not a JSON object');
  const data = bytes.subarray(8 + headerLength);
  const tensors = new Map<string, SafetensorsTensor>();
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets: offsets } = (entry ?? {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) return fail(`tensor ${name} has no valid shape`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && (o as number) >= 0)) {
      return fail(`tensor ${name} has no valid data offsets`);
    }
    const [begin, end] = offsets as [number, number];
    if (end < begin || end > data.length) fail(`tensor ${name} lies outside the file`);
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    const raw = data.subarray(begin, end);
    const width = dtype === 'F32' ? 4 : dtype === 'F16' || dtype === 'BF16' ? 2 : dtype === 'F64' ? 8 : 0;
    if (width === 0) continue; // integer tensors (step counters and the like) are not weights Lumen applies
    if (raw.length !== count * width) fail(`tensor ${name} holds ${raw.length} bytes for ${count} ${String(dtype)} values`);
    tensors.set(name, { shape: shape as number[], values: toFloat32(raw, dtype as 'F32' | 'F16' | 'BF16' | 'F64', count) });
  }
  return tensors;
}

function toFloat32(raw: Buffer, dtype: 'F32' | 'F16' | 'BF16' | 'F64', count: number): Float32Array {
  const values = new Float32Array(count);
  if (dtype === 'F32') for (let i = 0; i < count; i++) values[i] = raw.readFloatLE(i * 4);
  else if (dtype === 'F64') for (let i = 0; i < count; i++) values[i] = raw.readDoubleLE(i * 8);
  else if (dtype === 'F16') {
    const bits = new Uint16Array(count);
    for (let i = 0; i < count; i++) bits[i] = raw.readUInt16LE(i * 2);
    values.set(fromFloat16Bits(bits));
  } else {
    // bfloat16 is the upper half of a float32.
    const word = Buffer.alloc(4);
    for (let i = 0; i < count; i++) {
      word.writeUInt32LE(raw.readUInt16LE(i * 2) * 65536, 0);
      values[i] = word.readFloatLE(0);
    }
  }
  return values;
}
