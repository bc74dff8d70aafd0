import { mkdir, rm, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { collisionSafeDestination } from './collision-safe-name';
import { sha256OfFile } from './file-hash';
import { contentAt, copyDurably, renameWithoutReplacing, syncFolder, type NameContent } from './durable-file';
import type { FileAction, FileJournal, JournalOperation } from './file-journal';
import { partialPathFor } from './partial-file-name';

export type RevertOutcome =
  | { kind: 'restored'; from: string; to: string | null }
  | { kind: 'kept'; path: string; reason: string }
  /** Nothing of the operation reached the disk (a step that never began). */
  | { kind: 'untouched' };

export const CHANGED_SINCE_COPIED = 'changed since it was copied';
export const CHANGED_SINCE_MOVED = 'not the photo Lumen moved there (its bytes differ: changed or replaced since), so it was left where it is';
export const NO_LONGER_THERE = 'no longer there';

const holds = (content: NameContent, sha256: string): boolean => content.kind === 'file' && content.sha256 === sha256;

/**
 * Whether `content` is a shorter file holding exactly the first bytes of the complete file at
 * `original`: what an older Lumen, which copied straight to the final name, left when killed
 * mid-copy. Deleting it loses nothing, since every byte of it is in the original.
 */
async function isTruncatedCopy(content: NameContent, original: string, originalSize: number): Promise<boolean> {
  return content.kind === 'file' && content.size < originalSize && content.sha256 === (await sha256OfFile(original, content.size));
}

async function removeFile(path: string): Promise<void> {
  await unlink(path);
  await syncFolder(dirname(path));
}

/**
 * Takes one copy or move back, from whatever step it reached, and can be run again from any point
 * at which it was killed. The rule that makes that safe: a file is deleted only while identical
 * bytes (same SHA-256) sit at the other end, and moved only when its bytes are the ones the
 * journal recorded; anything else is reported and left alone.
 */
export async function revertOperation(journal: FileJournal, action: FileAction, operation: JournalOperation): Promise<RevertOutcome> {
  await rm(partialPathFor(operation.destination, operation.id), { force: true });
  return action === 'copy' ? revertCopy(operation) : revertMove(journal, operation);
}

async function revertCopy(operation: JournalOperation): Promise<RevertOutcome> {
  const { source, destination, sha256, status } = operation;
  const copy = await contentAt(destination);
  if (copy.kind === 'missing') {
    if (status === 'planned') return { kind: 'untouched' };
    // An undo killed after removing the copy ends here on its next run.
    return status === 'undoing' ? { kind: 'restored', from: destination, to: null } : { kind: 'kept', path: destination, reason: NO_LONGER_THERE };
  }
  const original = await contentAt(source);
  if (!holds(copy, sha256)) {
    if (status !== 'done' && holds(original, sha256) && (await isTruncatedCopy(copy, source, operation.size))) {
      await removeFile(destination);
      return { kind: 'untouched' };
    }
    return status === 'planned' ? { kind: 'untouched' } : { kind: 'kept', path: destination, reason: CHANGED_SINCE_COPIED };
  }
  if (!holds(original, sha256)) {
    return { kind: 'kept', path: destination, reason: `the original ${source} is gone or changed, so this copy may be the only one left and was kept` };
  }
  await removeFile(destination);
  return { kind: 'restored', from: destination, to: null };
}

async function revertMove(journal: FileJournal, operation: JournalOperation): Promise<RevertOutcome> {
  const { source, destination, sha256, status } = operation;
  let target = operation.restoredTo ?? source;
  await rm(partialPathFor(source, operation.id), { force: true });
  if (operation.restoredTo) await rm(partialPathFor(operation.restoredTo, operation.id), { force: true });
  const moved = await contentAt(destination);
  const atTarget = await contentAt(target);
  if (holds(atTarget, sha256)) {
    // The photo is back at its place (or never left it): a copy still at the destination is a leftover.
    if (holds(moved, sha256)) {
      await removeFile(destination);
      return { kind: 'restored', from: destination, to: target };
    }
    if ((status === 'planned' || status === 'undoing') && (await isTruncatedCopy(moved, target, operation.size))) {
      // Half a copy at the destination, from an older Lumen killed mid-copy.
      await removeFile(destination);
      return status === 'planned' ? { kind: 'untouched' } : { kind: 'restored', from: destination, to: target };
    }
    if (status === 'planned') return { kind: 'untouched' };
    if (moved.kind === 'missing') return { kind: 'restored', from: destination, to: target };
    return { kind: 'kept', path: destination, reason: CHANGED_SINCE_MOVED };
  }
  if (!holds(moved, sha256)) {
    if (status === 'planned' && moved.kind === 'missing') return { kind: 'untouched' };
    return { kind: 'kept', path: destination, reason: moved.kind === 'missing' ? NO_LONGER_THERE : CHANGED_SINCE_MOVED };
  }
  if (atTarget.kind === 'file' && (await isTruncatedCopy(atTarget, destination, operation.size))) {
    // Half a photo at its old name, from an older Lumen's undo killed mid-copy: the whole one replaces it.
    await removeFile(target);
  } else if (atTarget.kind !== 'missing') {
    // Another file has the old name now: the photo goes next to it, under a name chosen once and journaled.
    target = collisionSafeDestination(dirname(source), source, new Set());
    journal.setRestoredTo(operation.id, target);
  }
  await mkdir(dirname(target), { recursive: true });
  try {
    await renameWithoutReplacing(destination, target);
    await syncFolder(dirname(target));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyDurably(destination, target, partialPathFor(target, operation.id), sha256);
    await unlink(destination);
  }
  await syncFolder(dirname(destination));
  return { kind: 'restored', from: destination, to: target };
}
