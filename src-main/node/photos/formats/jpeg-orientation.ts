/**
 * Gives a JPEG the EXIF orientation of the file it came from. A RAW's embedded preview is stored
 * as the sensor saw it, and the turn that makes it upright is the RAW's own Orientation tag, not
 * anything in the preview. Rewriting the preview's header (a few bytes, no re-encoding) lets the
 * JPEG decoder keep its fast scaled decoding and apply the turn with the decode.
 */

const SOI = 0xd8;
const SOS = 0xda;
const APP1 = 0xe1;

/** A minimal big-endian EXIF block, "Exif\0\0" + TIFF header + IFD0 with one Orientation entry. */
function orientationApp1(orientation: number): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.from([0xff, APP1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/**
 * The JPEG with its EXIF segments replaced by one that holds only `orientation` (1–8). The
 * preview's own EXIF, where a camera wrote one, is dropped: metadata comes from the RAW itself.
 * Returns null when the bytes are not a JPEG whose header can be walked.
 */
export function withJpegOrientation(jpeg: Buffer, orientation: number): Buffer | null {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== SOI) return null;
  const kept: Buffer[] = [jpeg.subarray(0, 2), orientationApp1(orientation >= 1 && orientation <= 8 ? orientation : 1)];
  let at = 2;
  while (at + 4 <= jpeg.length) {
    if (jpeg[at] !== 0xff) return null;
    const marker = jpeg[at + 1] as number;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === SOS) break;
    const end = at + 2 + jpeg.readUInt16BE(at + 2);
    if (end > jpeg.length) return null;
    const isExif = marker === APP1 && jpeg.toString('latin1', at + 4, at + 10) === 'Exif\0\0';
    if (!isExif) kept.push(jpeg.subarray(at, end));
    at = end;
  }
  kept.push(jpeg.subarray(at));
  return Buffer.concat(kept);
}
