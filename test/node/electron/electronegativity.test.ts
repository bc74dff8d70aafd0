/**
 * Electronegativity, the real scanner, on the real Electron sources (npm run security:electron):
 * no finding may be left without a reason next to the code. The fixtures show that the same scan
 * does report a badly configured window, and refuses annotations without a reason or a finding.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanElectronSources, scanPassed, scannerIsOffline, type ScanReport } from '../../../tools/electron-security/electronegativity-scan';

const root = join(import.meta.dirname, '../../..');
const fixtures: string[] = [];

/** A small project laid out like Lumen's (src-main, src-renderer, package.json). */
async function fixture(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lumen-eng-fixture-'));
  fixtures.push(dir);
  const all = { 'package.json': JSON.stringify({ name: 'fixture', devDependencies: { electron: '^45.4.1' } }), ...files };
  for (const [path, text] of Object.entries(all)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

function ids(report: ScanReport): string[] {
  return [...new Set(report.findings.map((f) => f.id))].sort();
}

afterAll(async () => {
  for (const dir of fixtures) await rm(dir, { recursive: true, force: true });
});

describe('Electronegativity on the Electron sources', () => {
  it('leaves no finding without a reason in the code', async () => {
    const report = await scanElectronSources(root);
    // The scan really read the app: main, preload, services, the page and its Svelte components.
    for (const file of [
      'src-main/electron-main/main.ts',
      'src-main/electron-main/window-guards.ts',
      'src-main/electron-main/services-process.ts',
      'src-main/preload/index.ts',
      'src-renderer/index.html',
      'src-renderer/src/App.svelte',
    ]) {
      expect(report.files, file).toContain(file);
    }
    expect(report.checksRun).toBeGreaterThan(30);
    expect(report.parseErrors).toEqual([]);
    expect(report.findings).toEqual([]);
    expect(report.annotationProblems).toEqual([]);
    // Each justification names a check and says why (the scan proved each still matches a finding).
    for (const note of report.annotations) expect(note.reason, `${note.file}:${note.line}`).toBeTruthy();
    expect(scanPassed(report)).toBe(true);
    // The scanner's download of message translations got the offline answer: no network.
    expect(scannerIsOffline()).toBe(true);
  });
});

/** Copies real sources into a fixture: `edits` changed (each must change something), `unchanged` as they are. */
async function mutated(edits: Record<string, (text: string) => string>, unchanged: string[]): Promise<string> {
  const files: Record<string, string> = {};
  for (const path of unchanged) files[path] = await readFile(join(root, path), 'utf8');
  for (const [path, edit] of Object.entries(edits)) {
    const original = await readFile(join(root, path), 'utf8');
    const changed = edit(original);
    expect(changed, `${path} was not changed`).not.toBe(original);
    files[path] = changed;
  }
  return fixture(files);
}

function replaceOnce(text: string, from: string | RegExp, to: string): string {
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`not found: ${String(from)}`);
  return changed;
}

describe('the scan on bad fixtures', () => {
  it("fails when Lumen's own window and session guards are weakened", async () => {
    const dir = await mutated(
      {
        'src-main/electron-main/main.ts': (text) =>
          [
            ['contextIsolation: true', 'contextIsolation: false'],
            ['sandbox: true', 'sandbox: false'],
            ['nodeIntegration: false', 'nodeIntegration: true'],
            ['webSecurity: true', 'webSecurity: false'],
          ].reduce((t, [from, to]) => replaceOnce(t, from ?? '', to ?? ''), text),
        'src-main/electron-main/window-guards.ts': (text) =>
          [
            [/^.*setPermissionRequestHandler.*$/m, ''],
            [/contents\.setWindowOpenHandler\(/, 'contents.on("did-create-window", '],
            ["script-src 'self';", "script-src 'self' 'unsafe-eval';"],
          ].reduce<string>((t, [from, to]) => replaceOnce(t, from ?? '', String(to)), text),
      },
      ['src-main/preload/index.ts', 'src-renderer/index.html'],
    );
    const report = await scanElectronSources(dir);
    expect(report.parseErrors).toEqual([]);
    expect(scanPassed(report)).toBe(false);
    expect(ids(report)).toEqual(
      // (Where `sandbox` is set at all, the scanner leaves nodeIntegration to SANDBOX_JS_CHECK.)
      expect.arrayContaining([
        'CONTEXT_ISOLATION_JS_CHECK',
        'SANDBOX_JS_CHECK',
        'WEB_SECURITY_JS_CHECK',
        'LIMIT_NAVIGATION_GLOBAL_CHECK',
        'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
      ]),
    );
    for (const id of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK']) {
      expect(report.findings.find((f) => f.id === id)?.file, id).toBe('src-main/electron-main/main.ts');
    }
    // The weakened header policy fails although its line still carries the old annotation.
    expect(report.annotationProblems).toEqual([
      expect.stringMatching(/^src-main\/electron-main\/window-guards\.ts:\d+: CSP_GLOBAL_CHECK cannot excuse script-src 'unsafe-eval': /),
    ]);
  });

  it('reports unsafe windows, open navigation, a missing CSP and unsafe code in Svelte components', async () => {
    const dir = await fixture({
      'src-main/electron-main/main.ts': [
        "import { app, BrowserWindow, shell, type BrowserWindowConstructorOptions } from 'electron';",
        '// Options the scanner cannot follow into count as unsafe: it fails closed.',
        'const options: BrowserWindowConstructorOptions = { webPreferences: { contextIsolation: true, sandbox: true } };',
        'void app.whenReady().then(() => {',
        '  const hidden = new BrowserWindow(options);',
        '  const open = new BrowserWindow({',
        '    webPreferences: { nodeIntegration: true, contextIsolation: false, webSecurity: false, allowRunningInsecureContent: true, experimentalFeatures: true },',
        '  });',
        "  open.webContents.on('did-create-window', (_w, details) => void shell.openExternal(details.url));",
        "  void open.loadURL('http://example.com/');",
        '  void hidden.loadFile("index.html");',
        '});',
        '',
      ].join('\n'),
      'src-renderer/index.html': '<!doctype html>\n<html><head><title>x</title></head><body><div id="app"></div></body></html>\n',
      'src-renderer/src/Bad.svelte': [
        '<script lang="ts">',
        '  let { code }: { code: string } = $props();',
        "  const value = eval('1 + ' + code);",
        '</script>',
        '',
        '<p>{value}</p>',
        '<webview src="https://example.com/" allowpopups></webview>',
        '',
      ].join('\n'),
    });
    const report = await scanElectronSources(dir);
    expect(report.parseErrors).toEqual([]);
    expect(scanPassed(report)).toBe(false);
    expect(ids(report)).toEqual(
      expect.arrayContaining([
        'CONTEXT_ISOLATION_JS_CHECK',
        'NODE_INTEGRATION_JS_CHECK',
        'SANDBOX_JS_CHECK',
        'WEB_SECURITY_JS_CHECK',
        'INSECURE_CONTENT_JS_CHECK',
        'EXPERIMENTAL_FEATURES_JS_CHECK',
        'OPEN_EXTERNAL_JS_CHECK',
        'HTTP_RESOURCES_JS_CHECK',
        'CSP_GLOBAL_CHECK',
        'LIMIT_NAVIGATION_GLOBAL_CHECK',
        'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
        'DANGEROUS_FUNCTIONS_JS_CHECK',
        'ALLOWPOPUPS_HTML_CHECK',
      ]),
    );
    const at = (id: string): string[] => report.findings.filter((f) => f.id === id).map((f) => `${f.file}:${f.line}`);
    expect(at('NODE_INTEGRATION_JS_CHECK')).toEqual(['src-main/electron-main/main.ts:7']);
    expect(at('CONTEXT_ISOLATION_JS_CHECK')).toEqual(expect.arrayContaining(['src-main/electron-main/main.ts:5']));
    expect(at('DANGEROUS_FUNCTIONS_JS_CHECK')).toEqual(['src-renderer/src/Bad.svelte:3']);
    expect(at('ALLOWPOPUPS_HTML_CHECK')).toEqual(['src-renderer/src/Bad.svelte:7']);
  });

  it('accepts a justified finding, and refuses annotations without a reason, with a wrong name, or matching nothing', async () => {
    const window = (line: string): string =>
      [
        "import { BrowserWindow, session } from 'electron';",
        'session.defaultSession.setPermissionRequestHandler((_w, _p, callback) => callback(false));',
        "export function open(): BrowserWindow { const w = new BrowserWindow({ webPreferences: { sandbox: true, contextIsolation: true, disableBlinkFeatures: 'Auxclick' } }); w.webContents.on('will-navigate', (e) => e.preventDefault()); w.webContents.setWindowOpenHandler(() => ({ action: 'deny' })); return w; }",
        line,
        '',
      ].join('\n');
    const html =
      '<!doctype html>\n<html><head>\n<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src \'self\'" />\n</head><body></body></html>\n';

    const justified = await scanElectronSources(
      await fixture({
        'src-main/a.ts': window(
          "export const run = (code: string): unknown => eval('1 + ' + code); // eng-disable DANGEROUS_FUNCTIONS_JS_CHECK: a test fixture",
        ),
        'src-renderer/index.html': html.replace('<meta', '<!-- eng-disable CSP_GLOBAL_CHECK --><meta'),
      }),
    );
    expect(justified.annotations.map((a) => [a.file, a.line, a.reason])).toEqual([
      ['src-main/a.ts', 4, 'a test fixture'],
      ['src-renderer/index.html', 3, null],
    ]);
    expect(justified.findings).toEqual([]);
    // The HTML annotation has no reason of its own and no comment above it.
    expect(justified.annotationProblems).toEqual([
      'src-renderer/index.html:3: eng-disable CSP_GLOBAL_CHECK gives no reason (write "eng-disable CHECK_ID: why")',
    ]);

    const wrong = await scanElectronSources(
      await fixture({
        'src-main/a.ts': window("export const run = (code: string): unknown => eval('1 + ' + code); // eng-disable DANGEROUS_FUNCTIONS_JS_CHECK"),
        'src-main/b.ts': 'export const two = 1 + 1; // eng-disable NODE_INTEGRATION_JS_CHECK: nothing here to excuse\n',
        'src-main/c.ts': "export const three = (code: string): unknown => eval('1 + ' + code); // eng-disable dangerousFunctionsJSCheck: the class name\n",
        'src-renderer/index.html': html.replace('<meta', '<!-- Reason: a test fixture, on the line above. -->\n<!-- eng-disable CSP_GLOBAL_CHECK --><meta'),
      }),
    );
    expect(wrong.annotationProblems).toEqual([
      expect.stringContaining('src-main/a.ts:4: eng-disable DANGEROUS_FUNCTIONS_JS_CHECK gives no reason'),
      expect.stringContaining('src-main/b.ts:1: NODE_INTEGRATION_JS_CHECK is annotated but reported nothing there'),
      expect.stringContaining('src-main/c.ts:1: "dangerousFunctionsJSCheck" is not a check ID'),
    ]);
    expect(wrong.annotations.find((a) => a.file === 'src-renderer/index.html')?.reason).toBe('Reason: a test fixture, on the line above.');
    expect(scanPassed(wrong)).toBe(false);
  });
});
