/**
 * `npm run bench -- tag-calibration [--per-pair N] [--seed S] [--reviewed K]`: expected calibration
 * error of auto-tag confidences on shapes sets Lumen renders itself (independent renderer, demo
 * model): zero-shot (text alone) and after reviewing each tag's first K suggestions.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { IndexSummary } from '../src-common/contract';
import { LumenServices } from '../src-main/node/lumen-services';
import { lumenJson } from '../test/support/cli-runner';
import { renderShapesSet, type RenderedSetEntry } from '../test/support/independent-shapes-renderer';
import { CALIBRATION_TAGS, measureTagCalibration, type CalibrationMeasurement } from '../test/support/tag-calibration-measure';

export async function runTagCalibrationBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { 'per-pair': { type: 'string', default: '4' }, seed: { type: 'string', default: '2026' }, reviewed: { type: 'string', default: '10' } },
  });
  const perPair = Number(values['per-pair']);
  const seeds = String(values.seed).split(',').map(Number);
  const reviewed = Number(values.reviewed);
  const rows: string[] = [];
  for (const seed of seeds) {
    const root = await mkdtemp(join(tmpdir(), 'lumen-tag-calibration-'));
    try {
      const photos = await renderShapesSet(join(root, 'photos'), { perPair, seed });
      await lumenJson<IndexSummary>('index', join(root, 'photos'), '--library', join(root, 'library'));
      const services = await LumenServices.open({ libraryDir: join(root, 'library') });
      try {
        const entryById = new Map<number, RenderedSetEntry>();
        for (const entry of photos) entryById.set(services.photos.getPhotoByPath(entry.file)?.id ?? -1, entry);
        const zeroShot = await measureTagCalibration(services, entryById);
        const afterReview = await measureTagCalibration(services, entryById, { reviewed });
        rows.push(
          row(`${seed}, zero-shot`, photos.length, zeroShot),
          row(`${seed}, after reviewing ${reviewed} per tag (rest measured)`, photos.length, afterReview),
        );
      } finally {
        await services.dispose();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }
  process.stdout.write(
    [
      `Tags: ${CALIBRATION_TAGS.join(', ')}; ${perPair} photos per colour × shape pair; ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
      '',
      '| set (seed) | photos | photo × tag predictions | ECE | suggestions (p ≥ 0.5) | ECE of suggestions | of them ≥ 99% | mean p of unseen tags |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n'),
  );
}

function row(label: string, photos: number, m: CalibrationMeasurement): string {
  return `| ${label} | ${photos} | ${m.predictions} | ${m.ece.toFixed(3)} | ${m.suggested} | ${m.suggestionEce.toFixed(3)} | ${m.nearCertain} | ${m.unseenMean.toFixed(3)} |`;
}
