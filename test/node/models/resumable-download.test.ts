import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LumenFailure } from '../../../src-common/result';
import { downloadResumable } from '../../../src-main/node/models/resumable-download';
import { writeReferenceModel } from '../../../tools/reference-models/write-reference-model';
import { startFakeHub, type FakeHub } from './fake-hub';

let root = '';
let source = '';
let hub: FakeHub;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lumen-download-'));
  source = await writeReferenceModel(join(root, 'source'), { family: 'siglip' });
  hub = await startFakeHub({ 'org/model': source });
});
afterAll(async () => {
  await hub.close();
  await rm(root, { recursive: true, force: true });
});

describe('downloadResumable', () => {
  it('keeps what arrived before a cut, and the next run fetches only the rest', async () => {
    const file = 'onnx/text_model.onnx';
    const url = `${hub.url}/org/model/resolve/main/${file}`;
    const part = join(root, 'text.part');
    const expected = await readFile(join(source, file));
    hub.cutOnce(file);
    const progress: number[] = [];
    const first = await downloadResumable(url, part, { label: file, attempts: 1 }).catch((error: unknown) => error);
    expect(first).toBeInstanceOf(LumenFailure);
    expect((first as LumenFailure).code).toBe('download-failed');
    expect((first as LumenFailure).message).toMatch(/run the same command again to resume/);
    const kept = (await stat(part)).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(expected.length);

    hub.requests.length = 0;
    const second = await downloadResumable(url, part, { label: file, attempts: 1, onProgress: (p) => progress.push(p.received) });
    expect(hub.requests.at(-1)?.range).toBe(`bytes=${kept}-`);
    expect(progress[0]).toBe(kept);
    expect(progress.at(-1)).toBe(expected.length);
    expect(second?.sha256).toBe(createHash('sha256').update(expected).digest('hex'));
    expect(second?.announcedSha256).toBe(second?.sha256);
    expect(await readFile(part)).toEqual(expected);
  });

  it('answers null for a missing optional file', async () => {
    expect(
      await downloadResumable(`${hub.url}/org/model/resolve/main/nothing.json`, join(root, 'x.part'), { label: 'nothing.json', optional: true }),
    ).toBeNull();
  });
});
