import { fileName } from './format';
import { formatMoment, isVideoPath } from '../../../src-common/video-moment';
import type { GridItem } from '../state/grid-source';
import type { TextMatchReason } from '../../../src-common/contract';
import type { PhotoMarks } from '../../../src-common/contract-browse';
import { marksWords } from '../state/grid-marks.svelte';

const MATCHED_BY: Record<TextMatchReason['field'], string> = { name: 'name', tag: 'tag', place: 'place' };

/**
 * What a grid cell is called for assistive technology: the file name first (the caption people see), then what its
 * pills show, in words: "IMG_1000.jpg, 87% match, matched by name and tag". Every visible word of the cell is in it,
 * so people who speak the labels they see (voice control) reach the cell.
 */
export function gridCellName(item: GridItem, showRawScores: boolean, marks?: PhotoMarks): string {
  const parts = [fileName(item.path)];
  if (item.score !== undefined) {
    const raw = showRawScores && item.rawScore !== undefined ? ` (raw ${item.rawScore.toFixed(2)})` : '';
    parts.push(`${Math.round(item.score * 100)}% match${raw}`);
  }
  const fields = (item.matchedBy ?? []).map((reason) => MATCHED_BY[reason.field]);
  if (fields.length > 0) parts.push(`matched by ${joinWords(fields)}`);
  if (item.undated) parts.push('undated');
  if (isVideoPath(item.path)) parts.push(item.videoAtMs === undefined ? 'video' : `video, best at ${formatMoment(item.videoAtMs)}`);
  parts.push(...marksWords(marks));
  return parts.join(', ');
}

function joinWords(words: string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
}
