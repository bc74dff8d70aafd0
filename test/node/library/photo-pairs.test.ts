/** Which files of a folder are shown as parts of another: Live Photos and RAW+JPEG. */
import { expect, it } from 'vitest';
import { findParts, type PairCandidate } from '../../../src-main/node/library/photo-pairs';

let nextId = 1;
function file(path: string, format: string, video: { durationMs?: number | null; contentIdentifier?: string } = {}): PairCandidate {
  return { id: nextId++, path, format, durationMs: video.durationMs ?? null, contentIdentifier: video.contentIdentifier ?? null };
}

it("pairs a Live Photo's short video and a RAW with the still of the same name, in the same folder, any case", () => {
  const heic = file('/p/IMG_0001.HEIC', 'heic');
  const mov = file('/p/img_0001.mov', 'mov', { durationMs: 2900 });
  const jpg = file('/p/DSC_0002.JPG', 'jpeg');
  const nef = file('/p/DSC_0002.NEF', 'nef');
  const elsewhere = file('/q/DSC_0002.NEF', 'nef');
  expect(findParts([heic, mov, jpg, nef, elsewhere])).toEqual([
    { partId: mov.id, leadId: heic.id, kind: 'live-video' },
    { partId: nef.id, leadId: jpg.id, kind: 'raw' },
  ]);
});

it("leaves apart a long video with the still's name, unless Apple's identifier marks it, and two stills of one name", () => {
  const still = file('/p/MVI_0003.JPG', 'jpeg');
  const clip = file('/p/MVI_0003.MP4', 'mp4', { durationMs: 60_000 });
  expect(findParts([still, clip])).toEqual([]);
  const live = file('/p/IMG_0004.HEIC', 'heic');
  const marked = file('/p/IMG_0004.MOV', 'mov', { durationMs: 9000, contentIdentifier: 'A1B2' });
  expect(findParts([live, marked])).toEqual([{ partId: marked.id, leadId: live.id, kind: 'live-video' }]);
  expect(findParts([file('/p/IMG_5.JPG', 'jpeg'), file('/p/IMG_5.PNG', 'png')])).toEqual([]);
});

it('lets a RAW lead its video when there is no still, and keeps a motion photo (.MP.jpg) one photo', () => {
  const dng = file('/p/IMG_0006.DNG', 'dng');
  const mov = file('/p/IMG_0006.MOV', 'mov', { durationMs: 3000 });
  expect(findParts([dng, mov])).toEqual([{ partId: mov.id, leadId: dng.id, kind: 'live-video' }]);
  expect(findParts([file('/p/PXL_20240101_120000000.MP.jpg', 'jpeg')])).toEqual([]);
});

it("pairs a Live Photo renamed apart by Apple's identifier on both sides, in the same folder only, one video per still", () => {
  const still = file('/p/IMG_0001.HEIC', 'heic', { contentIdentifier: 'A1B2' });
  const video = file('/p/IMG_0001 (1).MOV', 'mov', { durationMs: 3000, contentIdentifier: 'A1B2' });
  const other = file('/p/IMG_0002.HEIC', 'heic', { contentIdentifier: 'C3D4' });
  const elsewhere = file('/q/clip.mov', 'mov', { durationMs: 3000, contentIdentifier: 'C3D4' });
  expect(findParts([still, video, other, elsewhere])).toEqual([{ partId: video.id, leadId: still.id, kind: 'live-video' }]);
  // A still whose own-name video is its part already takes no second one by identifier.
  const named = file('/r/IMG_0003.HEIC', 'heic', { contentIdentifier: 'E5F6' });
  const own = file('/r/IMG_0003.MOV', 'mov', { durationMs: 3000, contentIdentifier: 'E5F6' });
  const copy = file('/r/IMG_0003 copy.MOV', 'mov', { durationMs: 3000, contentIdentifier: 'E5F6' });
  expect(findParts([named, own, copy])).toEqual([{ partId: own.id, leadId: named.id, kind: 'live-video' }]);
});
