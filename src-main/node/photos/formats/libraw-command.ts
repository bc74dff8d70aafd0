import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ImageFormatError } from './image-format-error';

/**
 * LibRaw's `dcraw_emu`, the fallback for RAW files without a usable embedded preview. No LibRaw
 * build on npm runs in plain Node (libraw-wasm needs a browser's Web Workers), so Lumen uses the
 * program where it is installed: Debian/Ubuntu `libraw-bin`, Homebrew `libraw`, or any folder on
 * PATH (Windows: dcraw_emu.exe from LibRaw's own build).
 */
export const LIBRAW_INSTALL_HINT = "LibRaw's dcraw_emu (Debian/Ubuntu: apt install libraw-bin; macOS: brew install libraw; Windows: put dcraw_emu.exe on PATH)";

export function findDcrawEmu(path: string | undefined = process.env['PATH']): string | null {
  const names = process.platform === 'win32' ? ['dcraw_emu.exe'] : ['dcraw_emu'];
  for (const folder of (path ?? '').split(delimiter)) {
    if (folder === '') continue;
    for (const name of names) {
      const candidate = join(folder, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not in this folder
      }
    }
  }
  return null;
}

export interface LibrawDecodeOptions {
  /** Decode at half size (4× fewer pixels, no demosaicing cost): enough whenever the caller shrinks anyway. */
  halfSize: boolean;
}

/** Develops a RAW file to an upright 8-bit sRGB TIFF (camera white balance, LibRaw's default demosaic). */
export function developWithDcrawEmu(program: string, rawPath: string, options: LibrawDecodeOptions): Promise<Buffer> {
  const args = ['-w', '-o', '1', '-T', ...(options.halfSize ? ['-h'] : []), '-Z', '-', rawPath];
  return new Promise((resolve, reject) => {
    execFile(program, args, { encoding: 'buffer', maxBuffer: 1 << 30, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error || stdout.length === 0) {
        reject(new ImageFormatError(`LibRaw could not decode this RAW file's sensor data${librawSaid(stderr.toString('utf8'), rawPath)}`, { cause: error }));
      } else {
        resolve(stdout);
      }
    });
  });
}

/**
 * What dcraw_emu said, for the reason: its first line without the file's path (the error list
 * names the file). Its "Unexpected end of file", and "Input/output error" (LibRaw's word for data
 * it cannot parse, after Lumen itself read the file without one), mean a damaged or cut-short file.
 */
function librawSaid(stderr: string, rawPath: string): string {
  const line = (stderr.trim().split('\n')[0] ?? '').replace(`Cannot open ${rawPath}: `, '').replace(`${rawPath}: `, '');
  if (/unexpected end of file|input\/output error/i.test(line)) return ': the file is truncated or damaged';
  return line ? ` (${line})` : '';
}
