/** A folder tree shaped like real copies of photo collections, for the junk and exclusion suites. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** A process id that is certainly not running: beyond Linux's largest. */
export const DEAD_PID = 4_194_305;

/** The real photos of the tree; everything else in it is junk, excluded or not a photo. */
export const REAL_PHOTOS = ['photo/2023/IMG_0001.JPG', 'mac/IMG_0002.jpg', 'win/holiday.jpg', 'DCIM/Camera/IMG_20240101_120000.jpg'];

/** Writes the tree; `photo` makes the content of each file with a photo extension. */
export async function writeRealWorldTree(root: string, photo: (relativePath: string) => Promise<Buffer | string>): Promise<void> {
  const files = [
    ...REAL_PHOTOS,
    // Synology: thumbnails per photo in @eaDir, recycle bin, snapshots; a QNAP recycle bin.
    'photo/2023/@eaDir/IMG_0001.JPG/SYNOPHOTO_THUMB_XL.jpg',
    'photo/2023/@eaDir/IMG_0001.JPG/SYNOPHOTO_THUMB_M.jpg',
    'photo/2023/@eaDir/IMG_0001.JPG/SYNOPHOTO_THUMB_S.jpg',
    'photo/2023/@eaDir/IMG_0001.JPG/SYNOPHOTO_THUMB_B.jpg',
    'photo/#recycle/deleted.jpg',
    'photo/#snapshot/GMT+00_2024-01-01/IMG_0001.JPG',
    'photo/@Recycle/old.jpg',
    // A Mac copy: AppleDouble files, .DS_Store, a Photos library and Lightroom previews.
    'mac/._IMG_0002.jpg',
    'mac/.DS_Store',
    'mac/.hidden.jpg',
    'mac/Photos Library.photoslibrary/originals/A/IMG_0100.jpeg',
    'mac/Photos Library.photoslibrary/resources/derivatives/IMG_0100_1_105_c.jpeg',
    'mac/Lightroom Catalog Previews.lrdata/0/000/preview.jpg',
    // A Windows copy.
    'win/$RECYCLE.BIN/S-1-5-21-1/$RABC123.jpg',
    'win/System Volume Information/restore.jpg',
    'win/lost+found/#12345.jpg',
    'win/Thumbs.db',
    'win/desktop.ini',
    'win/anim.gif',
    'win/notes.txt',
    // An Android DCIM folder: trashed and pending files, thumbnails, a video, screenshots.
    'DCIM/Camera/.trashed-1700000000-IMG_20231201_090000.jpg',
    'DCIM/Camera/.pending-1700000000-IMG_20240102_100000.jpg',
    'DCIM/.thumbnails/1234.jpg',
    'DCIM/Camera/VID_20240101_120500.mp4',
    'DCIM/Screenshots/Screenshot_20240101-120000.png',
    // A Lumen library inside the folder, and what a killed keyword export leaves.
    'lumen-library/lumen.db',
    'lumen-library/thumbnails/ab/ab12.webp',
    `mac/.lumen-tmp-keywords-${DEAD_PID}-IMG_0002.jpg`,
    'README',
  ];
  for (const file of files) {
    const path = join(root, file);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, /\.(jpe?g|png|gif|webp)$/i.test(file) ? await photo(file) : 'not a photo');
  }
}
