/**
 * The built-in catalogue: every entry pinned or saying why not, every hash in the form the hub
 * publishes it, the recommendations installable, and `lumen model catalog` listing sizes.
 */
import { describe, expect, it } from 'vitest';
import { lumen, lumenJson } from '../../support/cli-runner';
import type { CatalogEntry, CatalogFile } from '../../../src-main/node/models/catalog/catalog-types';
import {
  BUILT_IN_CATALOG,
  chooseDtypes,
  downloadSize,
  filesFor,
  ModelCatalog,
  RECOMMENDED_MODEL_ID,
} from '../../../src-main/node/models/catalog/model-catalog';

const allFiles = (entry: CatalogEntry): CatalogFile[] => [
  ...entry.common,
  ...Object.values(entry.towers.vision).flat(),
  ...Object.values(entry.towers.text).flat(),
];

describe('the model catalogue', () => {
  it('has the families the issue asks for, CLIP ViT-B/32 first as the recommended model', () => {
    expect(BUILT_IN_CATALOG.map((e) => e.id)).toEqual([
      'clip-vit-b32',
      'clip-vit-b16',
      'clip-vit-l14',
      'siglip-base-224',
      'siglip2-base-224',
      'mobileclip-s0',
      'mobileclip-s1',
      'mobileclip-s2',
      'jina-clip-v1',
      'clip-b32-multilingual',
    ]);
    expect(RECOMMENDED_MODEL_ID).toBe('clip-vit-b32');
    expect(new ModelCatalog().recommended().id).toBe('clip-vit-b32');
    expect(BUILT_IN_CATALOG.filter((e) => e.languages.some((l) => l.startsWith('multilingual'))).map((e) => e.id)).toContain('clip-b32-multilingual');
  });

  it.each(BUILT_IN_CATALOG.map((e) => [e.id, e] as const))(
    '%s: pinned or says why not, hashes in the hub’s own forms, never checked against a download',
    (_, entry) => {
      if (entry.revision !== null) expect(entry.revision).toMatch(/^[0-9a-f]{40}$/);
      for (const revision of Object.values(entry.otherRevisions ?? {})) if (revision !== null) expect(revision).toMatch(/^[0-9a-f]{40}$/);
      for (const file of allFiles(entry)) {
        if (file.sha256 !== null) expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
        if (file.gitBlobSha1 !== undefined) expect(file.gitBlobSha1).toMatch(/^[0-9a-f]{40}$/);
        if (file.bytes !== null) expect(Number.isSafeInteger(file.bytes) && file.bytes > 0).toBe(true);
        expect(file.repo).toMatch(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/);
      }
      expect(entry.hashes.checkedAgainstDownload).toBe(false);
      const hashed = allFiles(entry).filter((f) => f.sha256 !== null || f.gitBlobSha1 !== undefined);
      // Hashes come from somewhere named; anything unhashed or unpinned is said plainly.
      if (hashed.length > 0) expect(entry.hashes.readFrom.length).toBeGreaterThan(0);
      if (hashed.length < allFiles(entry).length || entry.revision === null) expect(entry.hashes.gaps ?? '').not.toBe('');
      if (entry.revision === null) expect(entry.hashes.gaps).toMatch(/resolves main to a commit/);
      expect(entry.quality.note).not.toBe('');
      expect(entry.quality.source).not.toBe('');
      expect(entry.languages.length).toBeGreaterThan(0);
      // Both recommendations name precisions the entry offers.
      for (const target of ['cpu', 'gpu'] as const) expect(() => chooseDtypes(entry, target)).not.toThrow();
    },
  );

  it('keeps values a real export’s config lacks: CLIP’s temperature, SigLIP’s scale and bias', () => {
    const byId = new Map(BUILT_IN_CATALOG.map((e) => [e.id, e]));
    expect(byId.get('clip-vit-b32')?.logitScale).toBe(100);
    expect(byId.get('siglip-base-224')).toMatchObject({ logitScale: 117.33076477050781, logitBias: -12.9324369430542 });
    expect(byId.get('mobileclip-s0')?.recommended.cpu.vision).toBe('fp32');
  });

  it('pins CLIP ViT-B/32 completely: every file of the recommended download has a size and a hash', () => {
    const entry = BUILT_IN_CATALOG[0];
    if (!entry) throw new Error('empty catalogue');
    const files = filesFor(entry, chooseDtypes(entry, 'cpu'));
    expect(files.map((f) => f.path)).toEqual([
      'config.json',
      'preprocessor_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'onnx/vision_model_quantized.onnx',
      'onnx/text_model_quantized.onnx',
    ]);
    for (const file of files) expect(file.bytes !== null && (file.sha256 !== null || file.gitBlobSha1 !== undefined)).toBe(true);
    expect(downloadSize(entry, chooseDtypes(entry, 'cpu'))).toEqual({ bytes: 4524 + 520 + 2224119 + 775 + 89117001 + 64504507, complete: true });
  });

  it('puts the multilingual text tower in text/ beside the CLIP image tower it was distilled against', () => {
    const entry = BUILT_IN_CATALOG.find((e) => e.id === 'clip-b32-multilingual');
    if (!entry) throw new Error('no multilingual entry');
    const files = filesFor(entry, chooseDtypes(entry, 'cpu'));
    expect(files.filter((f) => f.repo === 'Xenova/clip-vit-base-patch32').map((f) => f.target ?? f.path)).toEqual([
      'config.json',
      'preprocessor_config.json',
      'onnx/vision_model_quantized.onnx',
    ]);
    expect(files.filter((f) => f.repo !== 'Xenova/clip-vit-base-patch32').every((f) => f.target?.startsWith('text/'))).toBe(true);
    expect(files.map((f) => f.target ?? f.path)).toContain('text/2_Dense/model.safetensors');
  });
});

describe('lumen model catalog', () => {
  it('lists every model with its download size on the CPU and a GPU, the recommended one marked', async () => {
    const text = await lumen('model', 'catalog');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^\* clip-vit-b32 {2}CLIP ViT-B\/32 \(OpenAI\)\n {4}CPU: 156 MB \(vision q8, text q8\) {3}GPU: 306 MB \(vision fp16, text fp16\)/,
    );
    expect(text.stdout).toContain('  clip-vit-b16  CLIP ViT-B/16 (OpenAI)\n    CPU: size unknown');
    expect(text.stdout).toContain('Xenova/clip-vit-base-patch16, not pinned (no published commit found)');
    const json = await lumenJson<{
      recommended: string;
      models: Array<{ id: string; sizes: { cpu: { bytes: number; complete: boolean } }; hashes: { readFrom: string[] } }>;
    }>('model', 'catalog');
    expect(json.recommended).toBe('clip-vit-b32');
    expect(json.models).toHaveLength(BUILT_IN_CATALOG.length);
    expect(json.models[0]?.sizes.cpu).toMatchObject({ bytes: 155_851_446, complete: true });
    expect(json.models[0]?.hashes.readFrom[0]).toMatch(/tree listing/);
  });
});
