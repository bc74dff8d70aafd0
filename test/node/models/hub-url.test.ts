import { describe, expect, it } from 'vitest';
import { LumenFailure } from '../../../src-common/result';
import { fileUrl, parseHubUrl } from '../../../src-main/node/models/hub-url';

describe('parseHubUrl', () => {
  it('reads a repository URL, with or without /resolve/<revision>', () => {
    const plain = parseHubUrl('https://huggingface.co/Xenova/clip-vit-base-patch32/');
    expect(plain).toEqual({ repoUrl: 'https://huggingface.co/Xenova/clip-vit-base-patch32', revision: 'main', name: 'clip-vit-base-patch32' });
    expect(fileUrl(plain, 'onnx/vision_model.onnx')).toBe('https://huggingface.co/Xenova/clip-vit-base-patch32/resolve/main/onnx/vision_model.onnx');
    const pinned = parseHubUrl('http://127.0.0.1:8080/org/siglip/resolve/v1.0/config.json');
    expect(pinned).toEqual({ repoUrl: 'http://127.0.0.1:8080/org/siglip', revision: 'v1.0', name: 'siglip' });
  });

  it.each(['ftp://example.com/org/model', 'not a url', 'https://example.com/'])('refuses %s', (url) => {
    expect(() => parseHubUrl(url)).toThrow(LumenFailure);
  });
});
