import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreCategories } from '../../../src-main/node/classify/category-scorer';
import { collisionSafeDestination } from '../../../src-main/node/classify/collision-safe-name';
import { FileJournal } from '../../../src-main/node/classify/file-journal';
import { FileMover } from '../../../src-main/node/classify/file-mover';
import { UndoService } from '../../../src-main/node/classify/undo-service';
import { LibraryDb } from '../../../src-main/node/library/library-db';
import { readScoreRule } from '../../../src-main/node/model/match-probability';
import { makeTempDir } from '../library/library-fixtures';

describe('collisionSafeDestination', () => {
  it('numbers names already on disk or already given out in the batch', () => {
    const onDisk = new Set(['/to/a.jpg', '/to/a (2).jpg']);
    const taken = new Set<string>();
    const exists = (path: string) => onDisk.has(path);
    expect(collisionSafeDestination('/to', '/from/a.jpg', taken, exists)).toBe('/to/a (3).jpg');
    expect(collisionSafeDestination('/to', '/elsewhere/a.jpg', taken, exists)).toBe('/to/a (4).jpg');
    expect(collisionSafeDestination('/to', '/from/b.jpg', taken, exists)).toBe('/to/b.jpg');
  });
});

describe('scoreCategories', () => {
  const clip = { kind: 'softmax', scale: 20, bias: 0, source: 'config' } as const;
  const categories = [
    { name: 'x', text: Float32Array.from([1, 0]), examples: [] },
    { name: 'y', text: Float32Array.from([0, 1]), examples: [] },
  ];
  it('ranks by probability, summing to one', () => {
    const ranked = scoreCategories(Float32Array.from([0.9, 0.1]), categories, clip);
    expect(ranked.map((r) => r.category)).toEqual(['x', 'y']);
    expect(ranked[0]?.probability).toBeGreaterThan(0.99);
    expect(ranked.reduce((a, r) => a + r.probability, 0)).toBeCloseTo(1, 9);
  });
  it('lets examples outweigh a text vector that points the wrong way', () => {
    const withExamples = [
      categories[0] as (typeof categories)[number],
      { name: 'y', text: Float32Array.from([0.6, -0.8]), examples: [Float32Array.from([0, 1])] },
    ];
    expect(scoreCategories(Float32Array.from([0.05, 1]), withExamples, clip)[0]?.category).toBe('y');
  });
  it('scores each category on its own for a SigLIP-family model (sigmoid with its bias), from family defaults', () => {
    // A Xenova-style SigLIP config.json carries no logit_scale or logit_bias.
    const siglip = readScoreRule({ model_type: 'siglip' });
    const three = [
      { name: 'x', text: Float32Array.from([1, 0, 0]), examples: [] },
      { name: 'y', text: Float32Array.from([0, 1, 0]), examples: [] },
    ];
    // Cosines as SigLIP gives them: 0.1 with x, 0.05 with y.
    const photo = Float32Array.from([0.1, 0.05, Math.sqrt(1 - 0.01 - 0.0025)]);
    const ranked = scoreCategories(photo, three, siglip);
    const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
    expect(siglip).toMatchObject({ kind: 'sigmoid', source: 'family-default' });
    expect(ranked.map((r) => r.category)).toEqual(['x', 'y']);
    expect(ranked[0]?.probability).toBeCloseTo(sigmoid(siglip.scale * 0.1 + siglip.bias), 6);
    expect(ranked[1]?.probability).toBeCloseTo(sigmoid(siglip.scale * 0.05 + siglip.bias), 6);
    // Neither fits well: softmax would still hand x nearly all of it; the sigmoid does not.
    expect(ranked[0]?.probability).toBeLessThan(0.5);
  });
});

describe('undo of a move whose source name was taken again', () => {
  it('puts the file next to the new one instead of overwriting it', async () => {
    const { dir, cleanup } = makeTempDir();
    const db = LibraryDb.open(join(dir, 'library'));
    try {
      const photos = await mkdtemp(join(tmpdir(), 'lumen-undo-'));
      const source = join(photos, 'a.jpg');
      await writeFile(source, 'original bytes');
      const journal = new FileJournal(db);
      await new FileMover(journal).run('move', 'test move', [{ source, destination: join(photos, 'sorted', 'a.jpg') }]);
      await writeFile(source, 'a new file with the old name');
      const response = await new UndoService(journal).undoLast();
      expect(response.restored).toEqual([{ from: join(photos, 'sorted', 'a.jpg'), to: join(photos, 'a (2).jpg') }]);
      expect(await readFile(source, 'utf8')).toBe('a new file with the old name');
      expect(await readFile(join(photos, 'a (2).jpg'), 'utf8')).toBe('original bytes');
      await expect(new UndoService(journal).undoLast()).rejects.toThrow(/nothing|no copy or move/);
    } finally {
      db.close();
      cleanup();
    }
  });
});
