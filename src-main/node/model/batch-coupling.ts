import { createReadStream } from 'node:fs';

/**
 * Operators whose result for one batch row depends on the other rows. DynamicQuantizeLinear (in
 * every dynamically quantized export, `*_quantized.onnx`) picks one scale for the whole input
 * tensor, so a photo's vector would change with the photos it is batched with, and a text's with
 * the padding its neighbours force on it.
 */
const BATCH_COUPLED_OPS = ['DynamicQuantizeLinear'] as const;

/**
 * Whether the graph holds a batch-coupled operator. Operator names are stored as plain UTF-8 in
 * the ONNX protobuf, so a byte search over the file finds them without parsing it.
 */
export async function hasBatchCoupledOps(onnxPath: string): Promise<boolean> {
  const needles = BATCH_COUPLED_OPS.map((op) => Buffer.from(op, 'utf8'));
  const overlap = Math.max(...needles.map((n) => n.length)) - 1;
  let tail = Buffer.alloc(0);
  for await (const chunk of createReadStream(onnxPath)) {
    const window = Buffer.concat([tail, chunk as Buffer]);
    if (needles.some((needle) => window.includes(needle))) return true;
    tail = window.subarray(Math.max(0, window.length - overlap));
  }
  return false;
}
