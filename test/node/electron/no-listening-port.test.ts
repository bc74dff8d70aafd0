/**
 * The desktop app listens on no port: the window talks to the main process over IPC, photos come
 * through the `lumen:` protocol, the page is a file, and the library and worker processes answer
 * over their parent's message channel. Any port on 127.0.0.1 would be open to every account on
 * the computer, so this reads the sources (TypeScript's own parser, comments ignored) and fails
 * when one could appear:
 * - the main process and the preload import no networking module (node:http, https, http2, net,
 *   tls, dgram) and call no createServer or listen;
 * - nothing those entries and the processes they start import, transitively, creates a server,
 *   imports a socket module, or imports `lumen serve`'s server (src-main/node/server/).
 * It also checks that the check catches each of those in a planted source.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..', '..');
const SERVER_DIR = join(root, 'src-main', 'node', 'server');
/** Modules that open ports; node:http and node:https also make plain client requests, so they are refused only in the main process and preload. */
const SOCKET_MODULES = ['net', 'tls', 'dgram', 'http2'];
const NETWORK_MODULES = [...SOCKET_MODULES, 'http', 'https'];
/** Every entry of the desktop app's processes (electron.vite.config.ts, and the workers forked by path). */
const APP_ENTRIES = [
  'src-main/electron-main/main.ts',
  'src-main/electron-main/services-process.ts',
  'src-main/preload/index.ts',
  'src-main/node/indexer/embed-worker/worker-process.ts',
  'src-main/node/library/vector/rebuild/rebuild-worker-main.ts',
];

function bareModule(specifier: string): string {
  return specifier.replace(/^node:/, '').split('/')[0] ?? specifier;
}

/** Module specifiers a source imports, statically, dynamically or through require(). */
function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** Calls that open a port: createServer/createSecureServer in any form, and `.listen(…)`. */
function serverCalls(source: string, fileName: string, includeListen: boolean): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : null;
      if (name === 'createServer' || name === 'createSecureServer' || (includeListen && name === 'listen')) {
        found.push(`${name}() at line ${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
      }
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Server') found.push('new Server()');
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** What one main-process or preload source must not contain. */
function directFindings(source: string, fileName: string): string[] {
  const imports = importsOf(source)
    .filter((specifier) => !specifier.startsWith('.') && NETWORK_MODULES.includes(bareModule(specifier)))
    .map((specifier) => `imports ${specifier}`);
  return [...imports, ...serverCalls(source, fileName, true)];
}

/** What any source the app's processes load must not contain. */
function reachableFindings(source: string, fileName: string): string[] {
  const imports = importsOf(source)
    .filter((specifier) => !specifier.startsWith('.') && SOCKET_MODULES.includes(bareModule(specifier)))
    .map((specifier) => `imports ${specifier}`);
  return [...imports, ...serverCalls(source, fileName, false)];
}

function resolveRelative(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts')]) {
    if (candidate.endsWith('.ts') && existsSync(candidate)) return candidate;
  }
  return null;
}

/** The app's own sources reachable from `entries` through relative imports. */
function reachableSources(entries: readonly string[]): string[] {
  const seen = new Set<string>();
  const queue = entries.map((entry) => join(root, entry));
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const target = resolveRelative(file, specifier);
      if (target) queue.push(target);
    }
  }
  return [...seen].sort();
}

function sourcesUnder(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(root, folder, name));
}

describe('the desktop app listens on no port', () => {
  it('the main process and the preload import no networking module and start no server', () => {
    const sources = [...sourcesUnder('src-main/electron-main'), ...sourcesUnder('src-main/preload')];
    expect(sources.length).toBeGreaterThan(5);
    const findings = sources.flatMap((file) => directFindings(readFileSync(file, 'utf8'), file).map((f) => `${relative(root, file)}: ${f}`));
    expect(findings).toEqual([]);
  });

  it('nothing the app processes load creates a server, opens a socket or includes lumen serve', () => {
    const sources = reachableSources(APP_ENTRIES);
    // The walk reaches the services, the indexer and the library, not just the entries.
    expect(sources.some((file) => file.endsWith(join('node', 'lumen-services.ts')))).toBe(true);
    expect(sources.length).toBeGreaterThan(50);
    const findings = sources.flatMap((file) => {
      const own = reachableFindings(readFileSync(file, 'utf8'), file);
      return (file.startsWith(SERVER_DIR) ? ['is part of lumen serve', ...own] : own).map((f) => `${relative(root, file)}: ${f}`);
    });
    expect(findings).toEqual([]);
  });

  it('catches each way a port could open in a planted source, and passes comments and clients', () => {
    expect(directFindings("import { createServer } from 'node:http';\ncreateServer(() => {}).listen(7447);", 'planted.ts')).toEqual([
      'imports node:http',
      'listen() at line 2',
      'createServer() at line 2',
    ]);
    expect(directFindings("const net = require('net');\nnet.createServer();", 'planted.ts')).toEqual(['imports net', 'createServer() at line 2']);
    expect(directFindings("const http = await import('http');", 'planted.ts')).toEqual(['imports http']);
    expect(directFindings("export { createServer } from 'node:https';", 'planted.ts')).toEqual(['imports node:https']);
    expect(reachableFindings("import { Server } from 'node:net';\nnew Server();", 'planted.ts')).toEqual(['imports node:net', 'new Server()']);
    expect(reachableFindings("import { get } from 'node:http';\nget('http://example.com');", 'planted.ts')).toEqual([]);
    expect(directFindings('// server.listen(1) and createServer() in a comment\nconst listen = 1;', 'planted.ts')).toEqual([]);
  });
});
