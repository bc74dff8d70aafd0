/**
 * Small edits to HEIF files that Debian's heif-enc (libheif 1.15) cannot make itself: a container
 * rotation (an `irot` property, as iPhones write for portrait photos) and a primary item other than
 * the first image. Only what those two edits need of ISO-BMFF is parsed: meta, pitm, iprp/ipco/ipma
 * and iloc (construction method 0, offsets into the file).
 */

interface Box {
  type: string;
  start: number;
  /** Where the payload starts (after size, type and, for full boxes, version and flags). */
  body: number;
  end: number;
}

const FULL_BOXES = new Set(['meta', 'pitm', 'ipma', 'iloc', 'iinf', 'iref', 'hdlr']);

function childBoxes(file: Buffer, from: number, to: number): Box[] {
  const boxes: Box[] = [];
  for (let at = from; at + 8 <= to;) {
    const size = file.readUInt32BE(at);
    const type = file.toString('latin1', at + 4, at + 8);
    if (size < 8 || at + size > to) throw new Error(`unexpected box size ${size} for '${type}' at ${at}`);
    boxes.push({ type, start: at, body: at + 8 + (FULL_BOXES.has(type) ? 4 : 0), end: at + size });
    at += size;
  }
  return boxes;
}

function find(boxes: Box[], type: string): Box {
  const box = boxes.find((b) => b.type === type);
  if (!box) throw new Error(`no '${type}' box`);
  return box;
}

interface MetaLayout {
  meta: Box;
  iprp: Box;
  ipco: Box;
  ipma: Box;
  iloc: Box;
  pitm: Box;
}

function metaLayout(file: Buffer): MetaLayout {
  const meta = find(childBoxes(file, 0, file.length), 'meta');
  const inMeta = childBoxes(file, meta.body, meta.end);
  const iprp = find(inMeta, 'iprp');
  const inIprp = childBoxes(file, iprp.body, iprp.end);
  return { meta, iprp, ipco: find(inIprp, 'ipco'), ipma: find(inIprp, 'ipma'), iloc: find(inMeta, 'iloc'), pitm: find(inMeta, 'pitm') };
}

/** Ids of the coded image items (hvc1), in file order; iinf entries are infe boxes of version 2 or 3. */
export function imageItemIds(file: Buffer): number[] {
  const meta = find(childBoxes(file, 0, file.length), 'meta');
  const iinf = find(childBoxes(file, meta.body, meta.end), 'iinf');
  const countBytes = file[iinf.start + 8] === 0 ? 2 : 4;
  const ids: number[] = [];
  for (const infe of childBoxes(file, iinf.body + countBytes, iinf.end)) {
    const version = file[infe.start + 8] as number;
    const idBytes = version === 2 ? 2 : 4;
    const id = idBytes === 2 ? file.readUInt16BE(infe.start + 12) : file.readUInt32BE(infe.start + 12);
    const type = file.toString('latin1', infe.start + 12 + idBytes + 2, infe.start + 12 + idBytes + 6);
    if (type === 'hvc1') ids.push(id);
  }
  return ids;
}

export function primaryItemId(file: Buffer): number {
  const { pitm } = metaLayout(file);
  return file[pitm.start + 8] === 0 ? file.readUInt16BE(pitm.body) : file.readUInt32BE(pitm.body);
}

/** Makes `itemId` the primary image (pitm), which heif-enc always sets to the first image it encodes. */
export function setPrimaryItem(file: Buffer, itemId: number): Buffer {
  const copy = Buffer.from(file);
  const { pitm } = metaLayout(copy);
  if (copy[pitm.start + 8] === 0) copy.writeUInt16BE(itemId, pitm.body);
  else copy.writeUInt32BE(itemId, pitm.body);
  return copy;
}

/**
 * Adds an `irot` property (anticlockwise quarter turns) to the primary item. Inserting bytes into
 * `meta` moves everything after it, so every file offset in `iloc` is shifted by the same amount.
 */
export function addRotation(file: Buffer, quarterTurnsAnticlockwise: 1 | 2 | 3): Buffer {
  const layout = metaLayout(file);
  const primary = primaryItemId(file);
  const propertyIndex = childBoxes(file, layout.ipco.body, layout.ipco.end).length + 1;
  const irot = Buffer.from([0, 0, 0, 9, ...Buffer.from('irot', 'latin1'), quarterTurnsAnticlockwise & 3]);

  // ipma: version 0/1 item ids of 16/32 bits; flags bit 0: associations of 2 bytes instead of 1.
  const ipmaVersion = file[layout.ipma.start + 8] as number;
  const wideIndex = ((file[layout.ipma.start + 11] as number) & 1) === 1;
  const idBytes = ipmaVersion < 1 ? 2 : 4;
  const entryCount = file.readUInt32BE(layout.ipma.body);
  let at = layout.ipma.body + 4;
  let insertAt = -1;
  for (let i = 0; i < entryCount; i++) {
    const id = idBytes === 2 ? file.readUInt16BE(at) : file.readUInt32BE(at);
    const countAt = at + idBytes;
    const count = file[countAt] as number;
    const next = countAt + 1 + count * (wideIndex ? 2 : 1);
    if (id === primary) insertAt = next;
    at = next;
  }
  if (insertAt < 0) throw new Error(`primary item ${primary} has no property associations`);
  const association = wideIndex ? Buffer.from([0x80 | (propertyIndex >> 8), propertyIndex & 0xff]) : Buffer.from([0x80 | propertyIndex]);

  const grown = Buffer.concat([file.subarray(0, layout.ipco.end), irot, file.subarray(layout.ipco.end, insertAt), association, file.subarray(insertAt)]);
  const countAt = findAssociationCount(grown, layout.ipma.start + irot.length, primary, idBytes, wideIndex);
  grown[countAt] = (grown[countAt] as number) + 1;
  const delta = irot.length + association.length;
  for (const box of [layout.meta, layout.iprp]) grown.writeUInt32BE(box.end - box.start + delta, box.start);
  grown.writeUInt32BE(layout.ipco.end - layout.ipco.start + irot.length, layout.ipco.start);
  grown.writeUInt32BE(layout.ipma.end - layout.ipma.start + association.length, layout.ipma.start + irot.length);
  const ilocStart = layout.iloc.start + (layout.iloc.start > layout.ipma.start ? delta : 0);
  shiftIlocOffsets(grown, ilocStart, delta, layout.meta.end);
  return grown;
}

function findAssociationCount(file: Buffer, ipmaStart: number, itemId: number, idBytes: number, wideIndex: boolean): number {
  let at = ipmaStart + 12 + 4;
  const entryCount = file.readUInt32BE(ipmaStart + 12);
  for (let i = 0; i < entryCount; i++) {
    const id = idBytes === 2 ? file.readUInt16BE(at) : file.readUInt32BE(at);
    const countAt = at + idBytes;
    if (id === itemId) return countAt;
    at = countAt + 1 + (file[countAt] as number) * (wideIndex ? 2 : 1);
  }
  throw new Error(`item ${itemId} not in ipma`);
}

function readSized(file: Buffer, at: number, size: number): number {
  if (size === 0) return 0;
  if (size === 4) return file.readUInt32BE(at);
  if (size === 8) return Number(file.readBigUInt64BE(at));
  throw new Error(`unsupported iloc field size ${size}`);
}

function writeSized(file: Buffer, at: number, size: number, value: number): void {
  if (size === 4) file.writeUInt32BE(value, at);
  else if (size === 8) file.writeBigUInt64BE(BigInt(value), at);
}

/** Adds `delta` to every file offset in iloc (construction method 0) that points past the old meta box. */
function shiftIlocOffsets(file: Buffer, ilocStart: number, delta: number, oldMetaEnd: number): void {
  const version = file[ilocStart + 8] as number;
  let at = ilocStart + 12;
  const sizes = file.readUInt16BE(at);
  at += 2;
  const offsetSize = sizes >> 12;
  const lengthSize = (sizes >> 8) & 15;
  const baseOffsetSize = (sizes >> 4) & 15;
  const indexSize = version >= 1 ? sizes & 15 : 0;
  const itemCount = version < 2 ? file.readUInt16BE(at) : file.readUInt32BE(at);
  at += version < 2 ? 2 : 4;
  for (let i = 0; i < itemCount; i++) {
    at += version < 2 ? 2 : 4;
    let method = 0;
    if (version >= 1) {
      method = file.readUInt16BE(at) & 15;
      at += 2;
    }
    at += 2; // data_reference_index
    const baseAt = at;
    const base = readSized(file, at, baseOffsetSize);
    at += baseOffsetSize;
    const extents = file.readUInt16BE(at);
    at += 2;
    if (method === 0 && baseOffsetSize > 0 && base >= oldMetaEnd) writeSized(file, baseAt, baseOffsetSize, base + delta);
    for (let e = 0; e < extents; e++) {
      at += indexSize;
      const offset = readSized(file, at, offsetSize);
      if (method === 0 && baseOffsetSize === 0 && offset >= oldMetaEnd) writeSized(file, at, offsetSize, offset + delta);
      at += offsetSize + lengthSize;
    }
  }
}
