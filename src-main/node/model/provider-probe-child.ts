/**
 * The provider probe's child process: for each GPU execution provider this onnxruntime build has, it opens
 * a one-node ONNX model (Identity on one float) on that provider alone and runs it once, then tells
 * its parent which started and why the others did not. A provider that crashes the process (a broken
 * GPU driver can) takes only this child down, never the services.
 */
import * as ort from 'onnxruntime-node';
import { DEVICE_CHOICES } from '../../../src-common/contract-settings';
import type { ProbeAnswer } from './provider-probe';

/** Identity on a float[1], opset 13: the smallest graph a provider must load and run (69 bytes). */
const IDENTITY_MODEL = Buffer.from('CAc6OwoQCgF4EgF5IghJZGVudGl0eRIFcHJvYmVaDwoBeBIKCggIARIECgIIAWIPCgF5EgoKCAgBEgQKAggBQgQKABAN', 'base64');

async function tryProvider(provider: string): Promise<string | null> {
  try {
    const session = await ort.InferenceSession.create(IDENTITY_MODEL, { executionProviders: [provider], logSeverityLevel: 4 });
    try {
      await session.run({ x: new ort.Tensor('float32', new Float32Array([1]), [1]) });
    } finally {
      await session.release();
    }
    return null;
  } catch (error) {
    // One line: the reason goes into notes and log lines.
    return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  }
}

async function main(): Promise<void> {
  const answer: ProbeAnswer = { started: [], failed: {} };
  const gpus = ort
    .listSupportedBackends()
    .map((backend) => backend.name)
    .filter((name) => name !== 'cpu' && (DEVICE_CHOICES as readonly string[]).includes(name));
  for (const provider of gpus) {
    const failure = await tryProvider(provider);
    if (failure === null) answer.started.push(provider);
    else answer.failed[provider] = failure;
  }
  process.send?.(answer);
  process.disconnect?.();
}

void main();
