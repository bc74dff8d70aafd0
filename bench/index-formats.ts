/**
 * Per-format end-to-end rates for `npm run bench -- index --formats jpeg,heic,dng,video`: the same
 * indexer, worker shape and model as the main run, one folder per format. The JPEG, HEIC and DNG
 * files are the formats benchmark's (12-MP corpus photos; HEIC with a 320×240 thumbnail as iPhones
 * write; DNG with a 1616×1080 preview); the videos are made here from the same photos: 6 s of
 * 1080p H.264 at 30 frames/s, a keyframe every second, each photo slowly zoomed then cut to the
 * next, so scene detection and seeking work as on a phone video. Each file is copied with a few
 * bytes changed at its end, so no two share a content hash.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import type { DeviceChoice } from '../src-main/node/model/execution-device';
import { ensurePhotos } from './formats-bench';

const run = promisify(execFile);
const VIDEOS = join(import.meta.dirname, '../.scratch/bench-formats/video');

export const BENCH_FORMATS = ['jpeg', 'heic', 'dng', 'video'] as const;
export type BenchFormat = (typeof BENCH_FORMATS)[number];

export function isBenchFormat(name: string): name is BenchFormat {
  return (BENCH_FORMATS as readonly string[]).includes(name);
}

export interface FormatRate {
  format: BenchFormat;
  files: number;
  seconds: number;
  indexed: number;
}

/** Two photos in one 6-second phone-like video: a slow zoom on each, a cut between them. */
async function ensureVideos(stills: readonly string[]): Promise<string[]> {
  await mkdir(VIDEOS, { recursive: true });
  const videos: string[] = [];
  for (let i = 0; i < stills.length; i++) {
    const path = join(VIDEOS, `${basename(stills[i] as string).replace(/\.[^.]+$/, '')}.mp4`);
    if (!existsSync(path)) {
      const next = stills[(i + 1) % stills.length] as string;
      const zoom = "scale=1920:1080:force_original_aspect_ratio=increase,crop=1920:1080,zoompan=z='1+0.002*on':d=90:s=1920x1080:fps=30";
      await run('ffmpeg', [
        '-v',
        'error',
        '-y',
        '-i',
        stills[i] as string,
        '-i',
        next,
        '-filter_complex',
        `[0:v]${zoom}[a];[1:v]${zoom}[b];[a][b]concat=n=2:v=1,format=yuv420p[out]`,
        '-map',
        '[out]',
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-g',
        '30',
        '-movflags',
        '+faststart',
        path,
      ]);
    }
    videos.push(path);
  }
  return videos;
}

async function sourcesOf(format: BenchFormat, count: number): Promise<string[]> {
  const photos = await ensurePhotos(Math.min(count, 8));
  if (format === 'video') return ensureVideos(photos.map((p) => p.jpeg));
  return photos.map((p) => p[format]);
}

type IndexRun = (folder: string) => Promise<{ seconds: number; indexed: number }>;

/** Indexes `count` files of each format (sources repeated, bytes changed), one folder and one library per format. */
export async function formatRates(formats: readonly BenchFormat[], count: number, indexFolder: IndexRun, log: (line: string) => void): Promise<FormatRate[]> {
  const rates: FormatRate[] = [];
  for (const format of formats) {
    const sources = await sourcesOf(format, count);
    const folder = await mkdtemp(join(tmpdir(), `lumen-bench-index-${format}-`));
    try {
      for (let i = 0; i < count; i++) {
        const source = sources[i % sources.length] as string;
        const bytes = await readFile(source);
        await writeFile(join(folder, `${i}-${basename(source)}`), Buffer.concat([bytes, Buffer.from(`lumen-bench-${i}`)]));
      }
      log(`end to end, ${count} × ${format}…`);
      const { seconds, indexed } = await indexFolder(folder);
      rates.push({ format, files: count, seconds, indexed });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
  return rates;
}

/** The table the index benchmark prints, rates against the JPEG row of the same run. */
export function formatRateTable(rates: readonly FormatRate[], device: DeviceChoice, workers: number): string[] {
  const jpeg = rates.find((r) => r.format === 'jpeg');
  const jpegRate = jpeg ? jpeg.files / jpeg.seconds : null;
  return [
    `| format (${workers} worker(s), ${device}) | files | files/s | against JPEG | notes |`,
    '| --- | --- | --- | --- | --- |',
    ...rates.map((r) => {
      const rate = r.files / r.seconds;
      const note = r.indexed === r.files ? '' : `**${r.files - r.indexed} not indexed**`;
      return `| ${r.format} | ${r.files} | ${rate.toFixed(2)} | ${jpegRate ? (rate / jpegRate).toFixed(2) : '–'} | ${note} |`;
    }),
  ];
}
