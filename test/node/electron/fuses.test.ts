/**
 * Electron fuses of the packaged app (electron-builder.yml, `electronFuses`). Read and validated by
 * electron-builder's own code, so a misspelt fuse fails here, not silently at packaging time.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlatformPackager, type AfterPackContext, type Configuration, type FuseOptionsV1 } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');

/** The production value of every fuse, and why. */
const PRODUCTION_FUSES: Required<Omit<FuseOptionsV1, 'resetAdHocDarwinSignature'>> = {
  // On: the library's utility process forks the embed and vector-rebuild workers, which Electron
  // runs through ELECTRON_RUN_AS_NODE (see "the fuses left on" below).
  runAsNode: true,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  // On: the window's page is loaded from file:// (see below).
  grantFileProtocolExtraPrivileges: true,
};

/** Each fuse's place in Electron's fuse wire (electron/build/fuses/fuses.json5), and Electron's own default. */
const FUSE_WIRE: Record<keyof typeof PRODUCTION_FUSES, { index: number; electronDefault: boolean }> = {
  runAsNode: { index: 0, electronDefault: true },
  enableCookieEncryption: { index: 1, electronDefault: false },
  enableNodeOptionsEnvironmentVariable: { index: 2, electronDefault: true },
  enableNodeCliInspectArguments: { index: 3, electronDefault: true },
  enableEmbeddedAsarIntegrityValidation: { index: 4, electronDefault: false },
  onlyLoadAppFromAsar: { index: 5, electronDefault: false },
  loadBrowserProcessSpecificV8Snapshot: { index: 6, electronDefault: false },
  grantFileProtocolExtraPrivileges: { index: 7, electronDefault: true },
};
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ENABLED = '1'.charCodeAt(0);
const DISABLED = '0'.charCodeAt(0);

async function loadConfig(): Promise<Configuration> {
  return getConfig(root, null, null);
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

describe('Electron fuses for production', () => {
  it('sets every fuse to its production value, in a configuration electron-builder accepts', async () => {
    const config = await loadConfig();
    await validateConfiguration(config, new DebugLogger(false));
    expect(config.electronFuses).toEqual(PRODUCTION_FUSES);
  });

  it('decides every fuse electron-builder knows, by the names its schema uses', async () => {
    const schemePath = createRequire(import.meta.url).resolve('app-builder-lib/scheme.json');
    const scheme = JSON.parse(await readFile(schemePath, 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown>; additionalProperties: boolean } };
    };
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties).filter((key) => key !== 'resetAdHocDarwinSignature');
    expect(scheme.definitions.FuseOptionsV1.additionalProperties).toBe(false);
    // A fuse added to electron-builder later fails here until someone decides its value.
    expect(Object.keys(PRODUCTION_FUSES).sort()).toEqual(known.sort());
  });

  it('would refuse a misspelt or mistyped fuse (the check can fail)', async () => {
    const config = await loadConfig();
    const misspelt = { ...config, electronFuses: { ...PRODUCTION_FUSES, runAsnode: false } } as Configuration;
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
    const mistyped = { ...config, electronFuses: { ...PRODUCTION_FUSES, runAsNode: 'no' } } as unknown as Configuration;
    await expect(validateConfiguration(mistyped, new DebugLogger(false))).rejects.toThrow(/runAsNode/);
  });

  it("flips the fuse wire through electron-builder's own packaging step", async () => {
    // A stand-in for the Electron binary: Electron's sentinel, wire version 1, 8 fuses at Electron's defaults.
    const dir = await mkdtemp(join(tmpdir(), 'lumen-fuses-'));
    try {
      const wire = Object.values(FUSE_WIRE)
        .sort((a, b) => a.index - b.index)
        .map((fuse) => (fuse.electronDefault ? ENABLED : DISABLED));
      const binary = Buffer.concat([
        Buffer.alloc(4096, 0x90),
        Buffer.from(SENTINEL, 'ascii'),
        Buffer.from([1, wire.length, ...wire]),
        Buffer.alloc(4096, 0x90),
      ]);
      await writeFile(join(dir, 'Lumen'), binary);

      const config = await loadConfig();
      // The same method electron-builder calls after packing, before signing (doAddElectronFuses).
      const packager = Object.assign(Object.create(PlatformPackager.prototype) as PlatformPackager<never>, {
        info: { config },
        appInfo: { productFilename: 'Lumen' },
      });
      const context = { appOutDir: dir, electronPlatformName: 'linux' } as AfterPackContext;
      await packager['doAddElectronFuses'](context);

      const flipped = await readFile(join(dir, 'Lumen'));
      const at = flipped.indexOf(SENTINEL) + SENTINEL.length + 2;
      for (const [name, fuse] of Object.entries(FUSE_WIRE)) {
        const expected = PRODUCTION_FUSES[name as keyof typeof PRODUCTION_FUSES] ? ENABLED : DISABLED;
        expect(String.fromCharCode(flipped[at + fuse.index] ?? 0), name).toBe(String.fromCharCode(expected));
      }
      expect(flipped.length).toBe(binary.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves nothing in the app relying on what the fuses turn off', async () => {
    const files = await sourceFiles(join(root, 'src-main'));
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      // NODE_OPTIONS and --inspect* are ignored by the packaged binary, in its Node children too.
      expect(text, file).not.toMatch(/NODE_OPTIONS|--inspect/);
      // Nothing runs the app's binary as Node by hand: forks go through child_process.fork.
      expect(text, file).not.toMatch(/process\.execPath|ELECTRON_RUN_AS_NODE/);
    }
  });

  it('still has a reason for each fuse left on', async () => {
    const files = await sourceFiles(join(root, 'src-main'));
    const texts = await Promise.all(files.map((file) => readFile(file, 'utf8')));
    // runAsNode: child_process.fork in Electron runs the app's binary with ELECTRON_RUN_AS_NODE.
    // When no code forks any more (workers moved to utilityProcess), turn runAsNode off.
    expect(texts.some((text) => /import\s*\{[^}]*\bfork\b[^}]*\}\s*from\s*'node:child_process'/.test(text))).toBe(true);
    // grantFileProtocolExtraPrivileges: the window loads its page with loadFile (file://).
    // When it is served through a custom protocol instead, turn the fuse off.
    const main = await readFile(join(root, 'src-main/electron-main/main.ts'), 'utf8');
    expect(main).toMatch(/\.loadFile\(/);
  });
});
