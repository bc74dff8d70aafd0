import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { NEVER_CANCELLED, throwIfCancelled, type CancellationToken } from '../../../src-common/cancellation';
import { LumenFailure } from '../../../src-common/result';
import { requireFreeSpace, type FreeSpace } from './disk-space';
import { mismatch, type FileCheck } from './file-check';
import type { InstallPlan } from './hub-install-plan';
import { fileUrl } from './hub-source';
import { downloadResumable, type DownloadProgress } from './resumable-download';

/** Progress of one install: the file in flight, and the whole download so far. */
export interface InstallProgress extends DownloadProgress {
  /** Bytes of every file of the install received so far, and their sum (null while a size is unknown). */
  overall: { received: number; total: number | null };
  /** 1-based position of the file in the install, and how many there are. */
  file: { index: number; count: number };
}

export interface PlanDownloadOptions {
  /** Where partial and finished files wait between runs (`<models>/.downloads/<id>/`). */
  partialDir: string;
  /** Where the finished files go once every one of them is verified. */
  staging: string;
  /** What the files are, for messages: `clip-vit-b32`. */
  what: string;
  token?: CancellationToken;
  attempts?: number;
  onProgress?: (progress: InstallProgress) => void;
  freeSpace?: FreeSpace;
}

export interface DownloadedFile {
  sha256: string;
  bytes: number;
  check: FileCheck;
}

/**
 * Fetches every file of the plan into `partialDir` (resuming what an earlier run left there),
 * checks each against its expected size and hash — a file that fails is discarded, so the next
 * run fetches it afresh — and only when all are complete moves them into `staging`.
 */
export async function downloadPlan(plan: InstallPlan, options: PlanDownloadOptions): Promise<Record<string, DownloadedFile>> {
  const token = options.token ?? NEVER_CANCELLED;
  const parts = plan.files.map((file) => join(options.partialDir, `${file.target}.part`));
  const already = await Promise.all(parts.map(async (part) => (await stat(part).catch(() => null))?.size ?? 0));
  const known = plan.files.every((file) => file.expected.bytes !== null);
  const total = plan.files.reduce((sum, file) => sum + (file.expected.bytes ?? 0), 0);
  const remaining = plan.files.reduce((sum, file, index) => sum + Math.max(0, (file.expected.bytes ?? 0) - (already[index] ?? 0)), 0);
  await mkdir(options.partialDir, { recursive: true });
  await requireFreeSpace(options.partialDir, remaining, options.what, options.freeSpace);

  const finished: Record<string, DownloadedFile> = {};
  const present: string[] = [];
  let done = 0;
  for (const [index, file] of plan.files.entries()) {
    throwIfCancelled(token, `the download of ${options.what} was cancelled; what arrived is kept, and the same command resumes it`);
    const part = parts[index] ?? '';
    await mkdir(dirname(part), { recursive: true });
    const outcome = await downloadResumable(fileUrl(file.repo, file.path, file.revision), part, {
      label: file.target,
      optional: file.optional,
      token,
      ...(options.attempts ? { attempts: options.attempts } : {}),
      onProgress: (p) =>
        options.onProgress?.({
          ...p,
          overall: { received: done + p.received, total: known ? total : null },
          file: { index: index + 1, count: plan.files.length },
        }),
    });
    if (outcome === null) continue;
    const wrong = await mismatch(part, outcome, file.expected);
    if (wrong !== null) {
      await rm(part, { force: true });
      throw new LumenFailure(
        'download-failed',
        `${file.target} from ${file.repo.repoId} at ${file.revision.slice(0, 12)} is not the expected file: ${wrong}; it was discarded and nothing was installed`,
      );
    }
    done += outcome.bytes;
    finished[file.target] = { sha256: outcome.sha256, bytes: outcome.bytes, check: file.check };
    present.push(file.target);
  }
  for (const target of present) {
    await mkdir(dirname(join(options.staging, target)), { recursive: true });
    await rename(join(options.partialDir, `${target}.part`), join(options.staging, target));
  }
  return finished;
}
