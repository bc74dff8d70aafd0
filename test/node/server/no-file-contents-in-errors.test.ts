/**
 * A person reads every error message, and `addModel` reads any folder the server's user may read:
 * so a message that quotes a parser (JSON.parse, @huggingface/tokenizers, onnxruntime) would show
 * a private file's first bytes, names or values to whoever asked. Each case plants a secret in one
 * model file of a copy of the bundled model, asks `addModel` over the real HTTP server (with the
 * token) and checks the answer names the file and the reason without a byte of the secret.
 */
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LumenError } from '../../../src-common/result';
import type { AppSession } from '../../../src-main/node/api/app-session';
import { bundledModelFolder } from '../../../src-main/node/resource-paths';
import type { RunningServer } from '../../../src-main/node/server/lumen-server';
import { GraphBuilder } from '../../../tools/onnx-builder/graph-builder';
import { serveNewLibrary } from '../../support/served-library';

const SECRET = 'hunter2-SECRET';
const NOT_JSON = `${SECRET} ssh-rsa AAAAB3NzaC1yc2E ${SECRET}`;

let base: string;
let session: AppSession;
let server: RunningServer;

async function addModel(folder: string): Promise<LumenError> {
  const response = await fetch(`${server.origin}/api/addModel`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
    body: JSON.stringify({ arg: folder }),
  });
  expect(response.status).toBe(200);
  const result = (await response.json()) as { ok: boolean; error: LumenError };
  expect(result.ok).toBe(false);
  return result.error;
}

/** A copy of the bundled model in its own folder with `file` replaced by `content`. */
async function modelWith(name: string, file: string, content: string | Uint8Array): Promise<string> {
  const folder = join(base, 'sources', name);
  await cp(bundledModelFolder(), folder, { recursive: true });
  await writeFile(join(folder, file), content);
  return folder;
}

/** An ONNX graph whose only node names, op type and inputs carry the secret. */
function graphNamingTheSecret(): Uint8Array {
  const graph = new GraphBuilder(`${SECRET}-graph`);
  graph.input(`${SECRET}-input`, 'float32', [1]);
  graph.node(`${SECRET.replace(/-/g, '')}Op`, [`${SECRET}-input`], {}, { outputs: ['y'], name: `${SECRET}-node` });
  graph.output('y', 'float32', [1]);
  return graph.toModelBytes({ opsetVersion: 17, producerName: SECRET });
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'lumen-no-contents-'));
  process.env.LUMEN_MODELS = join(base, 'models');
  ({ session, server } = await serveNewLibrary(base));
});

afterAll(async () => {
  await server?.close();
  await session?.dispose();
});

describe('addModel errors carry no file contents', () => {
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'preprocessor_config.json']) {
    it(`names ${file} that is not JSON without quoting it`, async () => {
      const error = await addModel(await modelWith(`not-json-${file}`, file, NOT_JSON));
      expect(error.code).toBe('bad-model');
      expect(error.message).toContain(file);
      expect(error.message).toMatch(/not valid JSON/);
      expect(error.message).not.toContain(SECRET.slice(0, 6));
      expect(error.message).not.toContain('ssh-rsa');
    });
  }

  it('says where broken JSON goes wrong by position only, and names an empty or cut file', async () => {
    const cut = await addModel(await modelWith('cut-config', 'config.json', `{"model_type": "${SECRET}`));
    expect(cut.message).toMatch(/config\.json is not valid JSON \(it ends too early\)/);
    const wrong = await addModel(await modelWith('wrong-config', 'config.json', `{"a": 1, ${SECRET}}`));
    expect(wrong.message).toMatch(/config\.json is not valid JSON \(it goes wrong at character \d+\)/);
    const empty = await addModel(await modelWith('empty-config', 'config.json', ''));
    expect(empty.message).toMatch(/config\.json is not valid JSON \(it is empty\)/);
    for (const error of [cut, wrong]) expect(error.message).not.toContain(SECRET.slice(0, 6));
  });

  it('does not repeat what the tokenizer library read from tokenizer.json', async () => {
    const tokenizer = JSON.parse(await readFile(join(bundledModelFolder(), 'tokenizer.json'), 'utf8')) as Record<string, unknown>;
    const hostile = [
      { ...tokenizer, normalizer: { type: SECRET } },
      { ...tokenizer, decoder: { type: SECRET } },
      { ...tokenizer, pre_tokenizer: { type: 'Split', pattern: { Regex: `(${SECRET}` }, behavior: 'Isolated', invert: false } },
    ];
    for (const [index, json] of hostile.entries()) {
      const error = await addModel(await modelWith(`tokenizer-${index}`, 'tokenizer.json', JSON.stringify(json)));
      expect(error.code).toBe('bad-model');
      expect(error.message).toContain('tokenizer.json');
      expect(error.message).not.toContain(SECRET.slice(0, 6));
    }
  });

  it('does not repeat node, op or input names onnxruntime read from a model file', async () => {
    const error = await addModel(await modelWith('onnx-names', join('onnx', 'vision_model.onnx'), graphNamingTheSecret()));
    expect(error.code).toBe('bad-model');
    expect(error.message).toContain('vision_model.onnx');
    expect(error.message).not.toMatch(/hunter2/i);
  });

  it('names a models registry that is not JSON without quoting it', async () => {
    await mkdir(join(base, 'models'), { recursive: true });
    await writeFile(join(base, 'models', 'registry.json'), NOT_JSON);
    try {
      const error = await addModel(bundledModelFolder());
      expect(error.message).toContain('registry.json');
      expect(error.message).not.toContain(SECRET.slice(0, 6));
    } finally {
      await writeFile(join(base, 'models', 'registry.json'), '{"version": 1, "models": []}');
    }
  });
});
