import { describe, expect, it } from 'vitest';
import { LumenFailure } from '../../../src-common/result';
import { apiUrl, fileUrl, parseHubSource, parseHubUrl } from '../../../src-main/node/models/hub-source';

const HF = 'https://huggingface.co';

describe('parseHubSource', () => {
  it.each([
    ['Xenova/clip-vit-base-patch32', 'main'],
    ['Xenova/clip-vit-base-patch32@d15189d7028b43f1d3e65039190477f6af591c2a', 'd15189d7028b43f1d3e65039190477f6af591c2a'],
    ['hf://Xenova/clip-vit-base-patch32', 'main'],
    ['hf://Xenova/clip-vit-base-patch32@v1.0', 'v1.0'],
    [`${HF}/Xenova/clip-vit-base-patch32`, 'main'],
    [`${HF}/Xenova/clip-vit-base-patch32/`, 'main'],
    [`${HF}/Xenova/clip-vit-base-patch32/tree/main`, 'main'],
    [`${HF}/Xenova/clip-vit-base-patch32/tree/main/onnx`, 'main'],
    [`${HF}/Xenova/clip-vit-base-patch32/tree/d15189d7028b43f1d3e65039190477f6af591c2a`, 'd15189d7028b43f1d3e65039190477f6af591c2a'],
    [`${HF}/Xenova/clip-vit-base-patch32/blob/main/config.json`, 'main'],
    [`${HF}/Xenova/clip-vit-base-patch32/blob/refs%2Fpr%2F3/onnx/vision_model.onnx`, 'refs/pr/3'],
    [`${HF}/Xenova/clip-vit-base-patch32/resolve/main/onnx/vision_model.onnx?download=true`, 'main'],
  ])('reads %s as the repository Xenova/clip-vit-base-patch32 at %s', (source, revision) => {
    expect(parseHubSource(source)).toEqual({ endpoint: HF, repoId: 'Xenova/clip-vit-base-patch32', revision, name: 'clip-vit-base-patch32' });
  });

  it('takes the endpoint of a mirror from the URL, path prefix included, and from the caller for ids', () => {
    expect(parseHubSource('http://127.0.0.1:8080/hf/org/siglip/tree/v2')).toEqual({
      endpoint: 'http://127.0.0.1:8080/hf',
      repoId: 'org/siglip',
      revision: 'v2',
      name: 'siglip',
    });
    const repo = parseHubSource('org/siglip@abc', 'https://mirror.example/');
    expect(repo).toEqual({ endpoint: 'https://mirror.example', repoId: 'org/siglip', revision: 'abc', name: 'siglip' });
    if (!repo) throw new Error('unreachable');
    expect(fileUrl(repo, 'onnx/vision_model.onnx')).toBe('https://mirror.example/org/siglip/resolve/abc/onnx/vision_model.onnx');
    expect(apiUrl(repo, 'tree')).toBe('https://mirror.example/api/models/org/siglip/tree/abc');
  });

  it.each(['./models/clip', '/abs/folder', '~/models/clip', 'clip-vit-b32', 'a/b/c', '../x/y'])('is not a hub repository: %s', (source) => {
    expect(parseHubSource(source)).toBeNull();
  });

  it.each(['ftp://example.com/org/model', 'https://example.com/', 'https://huggingface.co/just-one', 'hf://only-a-name', 'https://huggingface.co/org/m/tree/'])(
    'refuses %s',
    (source) => {
      expect(() => parseHubSource(source) ?? parseHubUrl(source)).toThrow(LumenFailure);
    },
  );
});
