/**
 * Runs Electronegativity (Doyensec's static checks for Electron apps) on Lumen's sources: the main
 * process, the preload, the services and the renderer (its HTML, its TypeScript, and the script and
 * markup of each Svelte component). Used by `npm run security:electron` and by
 * test/node/electron/electronegativity.test.ts.
 *
 * A finding passes only when the code next to it says why it is safe, with Electronegativity's own
 * annotation and a reason: `// eng-disable CHECK_ID: why this is fine`. Where the comment syntax
 * cannot hold the reason (HTML), the reason is the comment on the line above. Every annotation must
 * still match a finding of that check on that line: the scan runs a second time with the
 * annotations switched off to prove it, so a stale or misplaced annotation fails too.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import type { ElectronegativityResult, ElectronegativityOptions } from '@doyensec/electronegativity';

/** What is scanned, relative to the project root. */
export const SCAN_ROOTS = ['src-main', 'src-common', 'src-renderer'] as const;

/** Checks the scan skips, each with its reason. Everything else runs. */
export const SKIPPED_CHECKS: Readonly<Record<string, string>> = {
  AvailableSecurityFixesGlobalCheck:
    "downloads Electron's release list from GitHub at scan time; the scan runs offline. Electron's version is kept current in package.json.",
  ElectronVersionJSONCheck: 'only reports the Electron version from package.json, for the check above.',
};

/**
 * What a CSP_GLOBAL_CHECK annotation may excuse: the CSP evaluator's remark that script-src 'self'
 * is only as safe as what 'self' serves. Any other remark on an annotated policy still fails, so a
 * policy weakened later cannot hide behind an old annotation.
 */
export const ACCEPTED_CSP_REMARKS: readonly { directive: string; value: string }[] = [{ directive: 'script-src', value: "'self'" }];

interface CspEvaluatorModule {
  CspParser: new (policy: string) => { csp: unknown };
  CspEvaluator: new (csp: unknown, version: unknown) => { evaluate(): { severity: number; directive: string; value?: string; description: string }[] };
  Version: { CSP3: unknown };
  severities: { INFO: number };
}

/** The remarks of the evaluator Electronegativity uses (@doyensec/csp-evaluator) that need a look, INFO and below left out. */
export function cspRemarks(policy: string): { directive: string; value: string; description: string }[] {
  const scannerEntry = createRequire(import.meta.url).resolve('@doyensec/electronegativity');
  const evaluator = createRequire(scannerEntry)('@doyensec/csp-evaluator') as CspEvaluatorModule;
  const parsed = new evaluator.CspParser(policy);
  return new evaluator.CspEvaluator(parsed.csp, evaluator.Version.CSP3)
    .evaluate()
    .filter((remark) => remark.severity < evaluator.severities.INFO)
    .map((remark) => ({ directive: remark.directive, value: remark.value ?? '', description: remark.description }));
}

export interface Finding {
  id: string;
  /** Relative to the project root; a Svelte finding names the .svelte file. */
  file: string;
  line: number;
  column: number;
  severity: string;
  confidence: string;
  manualReview: boolean;
  description: string;
  sample: string;
}

export interface Annotation {
  file: string;
  line: number;
  checks: string[];
  reason: string | null;
}

export interface ScanReport {
  /** The source files scanned, relative to the project root. */
  files: string[];
  checksRun: number;
  electronVersion: string | undefined;
  /** Findings with no annotation: each one fails the scan. */
  findings: Finding[];
  /** Files the scanner could not read: each one fails the scan (they would go unchecked). */
  parseErrors: { file: string; message: string }[];
  /** The `eng-disable` annotations found in the sources. */
  annotations: Annotation[];
  /** Annotations without a reason, with an unknown check name, or that suppress nothing. Each fails the scan. */
  annotationProblems: string[];
}

export function scanPassed(report: ScanReport): boolean {
  return report.findings.length === 0 && report.parseErrors.length === 0 && report.annotationProblems.length === 0;
}

const ANNOTATION = 'eng-disable';
/** Same length as ANNOTATION, so switching annotations off moves no column. */
const SWITCHED_OFF = 'eng-ignored';

/**
 * Electronegativity fetches translations of its messages from GitHub on every run. Answer that
 * request here (the English messages ship with the package) so the scan never goes to the network.
 */
function keepScannerOffline(): void {
  const { local, gotPath } = scannerPaths();
  const offline = (): Promise<{ statusCode: number; body: string }> => Promise.resolve({ statusCode: 404, body: '{}' });
  const stub = new Module(gotPath);
  stub.filename = gotPath;
  stub.loaded = true;
  stub.exports = Object.assign(offline, { default: offline, head: offline, get: offline });
  local.cache[gotPath] = stub;
  offlineGot = stub.exports;
}

let offlineGot: unknown;

function scannerPaths(): { local: NodeJS.Require; i18nPath: string; gotPath: string } {
  const local = createRequire(import.meta.url);
  const i18nPath = join(dirname(local.resolve('@doyensec/electronegativity')), 'locales', 'i18n.js');
  return { local, i18nPath, gotPath: createRequire(i18nPath).resolve('got') };
}

/** True once the scanner has been loaded by Node with the offline stand-in for its HTTP client. */
export function scannerIsOffline(): boolean {
  const { local, i18nPath, gotPath } = scannerPaths();
  return offlineGot !== undefined && local.cache[i18nPath] !== undefined && local.cache[gotPath]?.exports === offlineGot;
}

let scanner: Promise<(options: ElectronegativityOptions) => Promise<ElectronegativityResult>> | undefined;

function loadScanner(): Promise<(options: ElectronegativityOptions) => Promise<ElectronegativityResult>> {
  scanner ??= (async () => {
    keepScannerOffline();
    const loaded = await import('@doyensec/electronegativity');
    return loaded.default;
  })();
  return scanner;
}

/** The Electron version the project builds with (package.json), for the checks whose defaults changed over time. */
export async function projectElectronVersion(root: string): Promise<string | undefined> {
  try {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    const range = pkg.devDependencies?.['electron'] ?? pkg.dependencies?.['electron'];
    return range ? /\d+\.\d+\.\d+/.exec(range)?.[0] : undefined;
  } catch {
    return undefined;
  }
}

async function* walk(dir: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/** Keeps `keep` ranges of `text` and blanks the rest, line breaks kept, so line numbers stay the same. */
function blankOutside(text: string, keep: [number, number][]): string {
  let out = '';
  let at = 0;
  const blank = (part: string): string => part.replace(/[^\n]/g, ' ');
  for (const [start, end] of keep) {
    out += blank(text.slice(at, start)) + text.slice(start, end);
    at = end;
  }
  return out + blank(text.slice(at));
}

/** A Svelte component as two files the scanner reads: its `<script>` code (TypeScript) and its markup (HTML). */
function splitSvelte(text: string): { script: string; markup: string } {
  const scripts: [number, number][] = [];
  for (const match of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
    const body = match[1] ?? '';
    const start = (match.index ?? 0) + match[0].indexOf('>') + 1;
    scripts.push([start, start + body.length]);
  }
  const markupKeep: [number, number][] = [];
  let at = 0;
  for (const [start, end] of scripts) {
    markupKeep.push([at, start]);
    at = end;
  }
  markupKeep.push([at, text.length]);
  return { script: blankOutside(text, scripts), markup: blankOutside(text, markupKeep) };
}

interface Staged {
  /** Staged path (relative to the stage folder) to source path (relative to the project root). */
  sources: Map<string, string>;
}

/** Copies what is scanned into `stage`, optionally with every annotation switched off. */
async function stageSources(root: string, stage: string, roots: readonly string[], switchOff: boolean): Promise<Staged> {
  const sources = new Map<string, string>();
  const put = async (stagedRel: string, sourceRel: string, text: string): Promise<void> => {
    const target = join(stage, stagedRel);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, switchOff ? text.replaceAll(ANNOTATION, SWITCHED_OFF) : text);
    sources.set(stagedRel.split(sep).join('/'), sourceRel.split(sep).join('/'));
  };
  for (const top of roots) {
    for await (const path of walk(join(root, top))) {
      const rel = relative(root, path);
      if (/\.(ts|tsx|js|jsx|html|htm)$/.test(rel)) {
        await put(rel, rel, await readFile(path, 'utf8'));
      } else if (/\.(mjs|cjs|mts|cts)$/.test(rel)) {
        // Module flavours the scanner does not pick up by their extension.
        await put(`${rel}.${rel.endsWith('ts') ? 'ts' : 'js'}`, rel, await readFile(path, 'utf8'));
      } else if (rel.endsWith('.svelte')) {
        const { script, markup } = splitSvelte(await readFile(path, 'utf8'));
        await put(`${rel}.script.ts`, rel, script);
        await put(`${rel}.markup.html`, rel, markup);
      }
    }
  }
  // package.json: the checks of npm scripts (custom Electron flags, security warnings switched off).
  try {
    await copyFile(join(root, 'package.json'), join(stage, 'package.json'));
    sources.set('package.json', 'package.json');
  } catch {
    // A fixture without package.json.
  }
  return { sources };
}

/** The annotations in the staged sources, with their reasons. */
async function findAnnotations(stage: string, staged: Staged): Promise<Annotation[]> {
  const annotations: Annotation[] = [];
  for (const [stagedRel, sourceRel] of staged.sources) {
    const lines = (await readFile(join(stage, stagedRel), 'utf8')).split('\n');
    lines.forEach((text, index) => {
      const at = text.indexOf(ANNOTATION);
      if (at < 0) return;
      // The comment the annotation sits in ends at its closing mark, or at the end of the line.
      const before = text.slice(0, at);
      const opener = ['<!--', '/*', '//'].map((mark) => ({ mark, at: before.lastIndexOf(mark) })).sort((a, b) => b.at - a.at)[0];
      const closer = opener?.mark === '<!--' ? '-->' : opener?.mark === '/*' ? '*/' : null;
      let after = text.slice(at + ANNOTATION.length);
      if (closer && after.includes(closer)) after = after.slice(0, after.indexOf(closer));
      const names = /^[ \t]+((?:[A-Za-z0-9_]+[ \t,]*)+)/.exec(after);
      const checks = names?.[1]?.trim().split(/[ \t,]+/) ?? [];
      const rest = after.slice(names?.[0].length ?? 0);
      const reason = cleanReason(rest) ?? cleanReason(commentAbove(lines, index));
      annotations.push({ file: sourceRel, line: index + 1, checks, reason });
    });
  }
  return annotations;
}

/** The comments that end on the line above `index` (line comments, or one block comment), as one line of text. */
function commentAbove(lines: string[], index: number): string {
  const block: string[] = [];
  let i = index - 1;
  while (i >= 0 && block.length < 12) {
    const text = lines[i]?.trim() ?? '';
    if (text.includes(ANNOTATION)) break;
    if (text.startsWith('//')) {
      block.unshift(stripCommentMarks(text));
      i--;
      continue;
    }
    const opener = text.endsWith('-->') ? '<!--' : text.endsWith('*/') ? '/*' : null;
    if (!opener) break;
    const part: string[] = [];
    let j = i;
    for (; j >= 0; j--) {
      const line = lines[j]?.trim() ?? '';
      part.unshift(stripCommentMarks(line));
      if (line.includes(opener)) break;
    }
    if (j < 0) break;
    block.unshift(...part);
    i = j - 1;
  }
  return block.filter((line) => line.length > 0).join(' ');
}

function stripCommentMarks(text: string): string {
  return text
    .replace(/^(\/\/+|\/\*+|\*+|<!--)\s*/, '')
    .replace(/\s*(\*\/|-->)\s*$/, '')
    .trim();
}

function cleanReason(text: string): string | null {
  const reason = stripCommentMarks(text.replace(/^[\s:;,.—–-]+/, ''));
  return reason.length >= 10 ? reason : null;
}

async function runOnStage(
  root: string,
  roots: readonly string[],
  switchOff: boolean,
  electronVersion: string | undefined,
): Promise<{ result: ElectronegativityResult; staged: Staged; stage: string }> {
  const stage = await mkdtemp(join(tmpdir(), 'lumen-electronegativity-'));
  const staged = await stageSources(root, stage, roots, switchOff);
  const run = await loadScanner();
  const result = await run({
    input: stage,
    isRelative: true,
    excludeFromScan: Object.keys(SKIPPED_CHECKS),
    ...(electronVersion ? { electronVersionOverride: electronVersion } : {}),
  });
  return { result, staged, stage };
}

function toFinding(issue: ElectronegativityResult['issues'][number], staged: Staged): Finding {
  const stagedRel = issue.file.split(sep).join('/');
  return {
    id: issue.id,
    file: staged.sources.get(stagedRel) ?? stagedRel,
    line: issue.location.line,
    column: issue.location.column,
    severity: issue.severity.name,
    confidence: issue.confidence.name,
    manualReview: issue.manualReview,
    description: issue.description,
    sample: (issue.sample ?? '').trim(),
  };
}

/**
 * Scans the Electron sources under `root` (the project, or a fixture laid out like it). Runs the
 * scanner twice: once as is (findings left are failures), once with annotations switched off
 * (each annotation must match a finding there).
 */
export async function scanElectronSources(root: string, roots: readonly string[] = SCAN_ROOTS): Promise<ScanReport> {
  const electronVersion = await projectElectronVersion(root);
  const annotated = await runOnStage(root, roots, false, electronVersion);
  const bare = await runOnStage(root, roots, true, electronVersion);
  try {
    const findings = annotated.result.issues.map((issue) => toFinding(issue, annotated.staged));
    const bareFindings = bare.result.issues.map((issue) => toFinding(issue, bare.staged));
    const annotations = await findAnnotations(annotated.stage, annotated.staged);
    const annotationProblems: string[] = [];
    for (const note of annotations) {
      const where = `${note.file}:${note.line}`;
      if (note.checks.length === 0) annotationProblems.push(`${where}: ${ANNOTATION} names no check`);
      if (!note.reason) annotationProblems.push(`${where}: ${ANNOTATION} ${note.checks.join(' ')} gives no reason (write "${ANNOTATION} CHECK_ID: why")`);
      for (const check of note.checks) {
        if (!/^[A-Z0-9_]+_CHECK$/.test(check)) {
          annotationProblems.push(`${where}: "${check}" is not a check ID (use the ID, e.g. CSP_GLOBAL_CHECK)`);
          continue;
        }
        // An annotation on a file's first line covers the whole file (Electronegativity's rule).
        const matched = bareFindings.filter((f) => f.id === check && f.file === note.file && (note.line === 1 || f.line === note.line));
        if (matched.length === 0) annotationProblems.push(`${where}: ${check} is annotated but reported nothing there (stale or misplaced annotation)`);
        if (check === 'CSP_GLOBAL_CHECK') {
          for (const finding of matched) {
            const remarks = finding.sample ? cspRemarks(finding.sample) : [{ directive: '?', value: '', description: finding.description }];
            for (const remark of remarks) {
              if (ACCEPTED_CSP_REMARKS.some((ok) => ok.directive === remark.directive && ok.value === remark.value)) continue;
              annotationProblems.push(`${where}: CSP_GLOBAL_CHECK cannot excuse ${remark.directive} ${remark.value}: ${remark.description}`);
            }
          }
        }
      }
    }
    const parseErrors = [...annotated.result.errors, ...bare.result.errors]
      .map((error) => ({ file: annotated.staged.sources.get(error.file.split(sep).join('/')) ?? error.file, message: error.message }))
      .filter((error, index, all) => all.findIndex((e) => e.file === error.file && e.message === error.message) === index);
    return {
      files: [...new Set(annotated.staged.sources.values())],
      checksRun: annotated.result.globalChecks + annotated.result.atomicChecks,
      electronVersion,
      findings,
      parseErrors,
      annotations,
      annotationProblems,
    };
  } finally {
    await rm(annotated.stage, { recursive: true, force: true });
    await rm(bare.stage, { recursive: true, force: true });
  }
}

/** A plain-text report for people (the npm script prints it). */
export function formatReport(report: ScanReport): string {
  const lines: string[] = [];
  lines.push(
    `Electronegativity: ${report.checksRun} checks on ${report.files.length} files (${SCAN_ROOTS.join(', ')}, package.json), Electron ${report.electronVersion ?? 'version unknown'}`,
  );
  lines.push('', 'Skipped checks:');
  for (const [check, reason] of Object.entries(SKIPPED_CHECKS)) lines.push(`  ${check}: ${reason}`);
  lines.push('', `Justified in the code (${report.annotations.length}):`);
  for (const note of report.annotations) lines.push(`  ${note.file}:${note.line} ${note.checks.join(' ')}: ${note.reason ?? '(no reason)'}`);
  if (report.findings.length > 0) {
    lines.push('', `Unjustified findings (${report.findings.length}):`);
    for (const f of report.findings) {
      lines.push(`  ${f.id} ${f.file}:${f.line}:${f.column} [${f.severity}/${f.confidence}] ${f.description}`);
      if (f.sample) lines.push(`      ${f.sample.slice(0, 160)}`);
    }
  }
  if (report.parseErrors.length > 0) {
    lines.push('', `Files the scanner could not read (${report.parseErrors.length}):`);
    for (const e of report.parseErrors) lines.push(`  ${e.file}: ${e.message}`);
  }
  if (report.annotationProblems.length > 0) {
    lines.push('', `Annotation problems (${report.annotationProblems.length}):`);
    for (const p of report.annotationProblems) lines.push(`  ${p}`);
  }
  lines.push(
    '',
    scanPassed(report) ? 'No unjustified findings.' : 'FAILED: fix each finding, or justify it next to the code with "eng-disable CHECK_ID: why".',
  );
  return lines.join('\n');
}
