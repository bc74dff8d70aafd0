import type { PhotoMetadataCounts, PlaceCount, SkippedFiles } from '../../../../src-common/contract';
import type { CliApi } from '../cli-api';
import { demoModelNotice } from '../demo-model-notice';
import { printable, type CliIo } from '../cli-io';
import { videoStatusLine } from '../video-status-line';
import { localVideoTools } from '../../videos/video-tools';
import { placeLabel } from '../../../../src-common/place-words';

export async function runStatusCommand(api: CliApi, listErrors: boolean, json: boolean, io: CliIo): Promise<number> {
  // The contract's status carries the error list: --json always prints it (scripts should not need a second call).
  const status = await api('getStatus');
  if (json) {
    io.out(`${JSON.stringify(status, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `Library:  ${printable(status.library)}`,
    `Photos:   ${itemsAndFiles(status)} (${status.embedded} files searchable with this model)`,
    `Errors:   ${status.errors}${status.errors > 0 && !listErrors ? ' (lumen status --errors lists them)' : ''}`,
    `Model:    ${status.model ? `${printable(status.model.name)} (${status.model.embedDim}-d, ${status.model.executionProvider})` : 'none'}`,
    ...(status.model?.deviceNote ? [`Device:   ${printable(status.model.deviceNote)}`] : []),
    ...(status.servingModel
      ? [
          `Serving:  ${printable(status.servingModel.name)} answers searches until every photo has a vector for ${printable(status.model?.name ?? 'the new model')} (lumen index)`,
        ]
      : []),
    `Vectors:  ${status.vectorBackend}`,
    ...(status.logFile ? [`Log:      ${printable(status.logFile)}`] : []),
    ...metadataLines(status.metadata, status.places),
    'Folders:',
    ...(status.roots.length === 0
      ? ['  none yet: lumen index <folder>']
      : status.roots.flatMap((r) => [`  ${printable(r.path)}  ${itemsAndFiles(r)}${r.online ? '' : '  (offline)'}`, ...skippedLines(r.skipped)])),
  ];
  const notice = await demoModelNotice(api);
  if (notice.length > 0) lines.push('', ...notice.map((line) => `Note:     ${line}`));
  if (listErrors) {
    lines.push('Files that could not be read:');
    for (const entry of status.errorList ?? []) lines.push(`  ${printable(entry.path)}\n    ${printable(entry.reason)}`);
  }
  io.out(`${lines.join('\n')}\n`);
  return 0;
}

/** "1184 items (1210 files: pairs such as a Live Photo and its video are one item)", or "1184 photos" when nothing is paired. */
function itemsAndFiles({ photos, items }: { photos: number; items: number }): string {
  if (items === photos) return `${photos} photos`;
  return `${items} items (${photos} files: a Live Photo with its video, or a RAW with its JPEG, is one item)`;
}

/** Most places named in the status line; `status --json` lists them all. */
const PLACES_SHOWN = 5;

/** GPS and places, dates that are estimates, and photos whose metadata an older Lumen never read. */
function metadataLines(metadata: PhotoMetadataCounts | undefined, places: PlaceCount[] | undefined): string[] {
  if (!metadata) return [];
  const lines: string[] = [];
  if (metadata.located > 0) {
    const named = (places ?? []).slice(0, PLACES_SHOWN).map((p) => `${printable(placeLabel(p))} (${p.photos})`);
    const more = (places?.length ?? 0) - named.length;
    lines.push(`Places:   ${metadata.located} photos with GPS${named.length ? `: ${named.join('; ')}${more > 0 ? `; ${more} more places` : ''}` : ''}`);
  }
  if (metadata.estimatedDates > 0 || metadata.datesFromFileNames > 0) {
    lines.push(
      `Dates:    ${metadata.datesFromFileNames} read from file names, ${metadata.estimatedDates} estimated from file times (no date in or beside the file)`,
    );
  }
  if (metadata.metadataToRefresh > 0) {
    lines.push(
      `Metadata: ${metadata.metadataToRefresh} photos were read by an older Lumen, which missed some of their metadata (GPS, zone, date fallbacks, Live Photo identifiers) or kept an impossible date: lumen index --refresh-metadata <folder>`,
    );
  }
  return lines;
}

/** Most kinds named in the not-photos line; the rest are summed up. */
const KINDS_SHOWN = 8;

/** What the folder's last scan passed over, so that no file is left out silently. */
function skippedLines(skipped: SkippedFiles | undefined): string[] {
  if (!skipped) return [];
  const lines: string[] = [];
  if (skipped.junk > 0 || skipped.excluded > 0) {
    lines.push(`    skipped: ${skipped.junk} junk (system, NAS, recycle-bin and hidden files and folders), ${skipped.excluded} excluded (lumen exclude list)`);
  }
  const kinds = Object.entries(skipped.unsupported).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  if (kinds.length > 0) {
    const total = kinds.reduce((sum, [, count]) => sum + count, 0);
    const shown = kinds.slice(0, KINDS_SHOWN).map(([kind, count]) => `${count} ${kind}`);
    const rest = kinds.slice(KINDS_SHOWN).reduce((sum, [, count]) => sum + count, 0);
    lines.push(`    not photos Lumen reads: ${total} (${shown.join(', ')}${rest > 0 ? `, ${rest} other` : ''})`);
  }
  const videos = videoStatusLine(skipped, localVideoTools());
  if (videos) lines.push(videos);
  return lines;
}
