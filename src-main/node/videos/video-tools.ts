import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { resourcesDir } from '../resource-paths';

/** The ffmpeg and ffprobe executables Lumen decodes videos with, and where they were found. */
export interface VideoTools {
  ffmpeg: string;
  ffprobe: string;
  source: 'setting' | 'bundled' | 'path';
}

/** The setting that names an ffmpeg executable (ffprobe is looked for beside it unless LUMEN_FFPROBE names it). */
export const FFMPEG_SETTING = 'LUMEN_FFMPEG';
export const FFPROBE_SETTING = 'LUMEN_FFPROBE';

/** What `status` tells a person whose videos are counted but not indexed. */
export const HOW_TO_ENABLE_VIDEOS =
  'install ffmpeg (Debian/Ubuntu: apt install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg) or set LUMEN_FFMPEG to an ffmpeg executable, then index again';

export interface VideoToolsLookup {
  env: NodeJS.ProcessEnv;
  /** Where a packaged app keeps its own ffmpeg and ffprobe (see docs/INDEXER.md), if anywhere. */
  bundledDir?: string;
  platform?: NodeJS.Platform;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function named(tool: 'ffmpeg' | 'ffprobe', platform: NodeJS.Platform): string {
  return platform === 'win32' ? `${tool}.exe` : tool;
}

/**
 * Finds ffmpeg and ffprobe, in this order: the setting (LUMEN_FFMPEG, LUMEN_FFPROBE), the copy a
 * packaged app ships, the PATH. Null when no pair is found: videos are then counted, not indexed.
 */
export function findVideoTools({ env, bundledDir, platform = process.platform }: VideoToolsLookup): VideoTools | null {
  const ffmpegName = named('ffmpeg', platform);
  const ffprobeName = named('ffprobe', platform);
  const setting = env[FFMPEG_SETTING];
  if (setting) {
    const ffprobe = env[FFPROBE_SETTING] || join(dirname(setting), ffprobeName);
    if (executable(setting) && executable(ffprobe)) return { ffmpeg: setting, ffprobe, source: 'setting' };
  }
  if (bundledDir) {
    const ffmpeg = join(bundledDir, ffmpegName);
    const ffprobe = join(bundledDir, ffprobeName);
    if (executable(ffmpeg) && executable(ffprobe)) return { ffmpeg, ffprobe, source: 'bundled' };
  }
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    const ffmpeg = join(dir, ffmpegName);
    const ffprobe = join(dir, ffprobeName);
    if (executable(ffmpeg) && executable(ffprobe)) return { ffmpeg, ffprobe, source: 'path' };
  }
  return null;
}

/** The tools for this process: its environment's setting, the app's bundled copy (resources/ffmpeg), the PATH. */
export function localVideoTools(): VideoTools | null {
  return findVideoTools({ env: process.env, bundledDir: join(resourcesDir(), 'ffmpeg') });
}
