import type { Migration } from './migration';

/**
 * EXIF dates that name no real moment (month 13, day 00, 30 February, hour 24: corrupted camera
 * clocks) were stored as text, which date filters and sorting then took at face value. The metadata
 * reader now passes over them; photos stored before lose that date and are marked to be read again
 * (metadata version 0), so `lumen status` counts them and `lumen index --refresh-metadata` gives
 * them the next stamp, or the date from the file's name or time. SQLite's date functions return
 * NULL for a month or day out of range and roll over what they accept past its end (30 February),
 * so a stored date is real only when it survives the round trip unchanged (and its hour is below 24,
 * which SQLite prints back as it is).
 */
export const impossibleExifDates: Migration = {
  version: 15,
  name: 'impossible-exif-dates',
  up(connection) {
    connection.exec(`
      UPDATE photos SET taken_at = NULL, taken_at_source = NULL, time_offset = NULL, metadata_version = 0
      WHERE taken_at_source = 'exif'
        AND (strftime('%Y-%m-%dT%H:%M:%S', substr(taken_at, 1, 19)) IS NOT substr(taken_at, 1, 19)
             OR substr(taken_at, 1, 4) = '0000' OR substr(taken_at, 12, 2) >= '24');
    `);
  },
};
