import type { Migration } from './migration';

/**
 * Apple's content identifier of a still (from its maker notes), beside the one `videos` keeps for a
 * video: a Live Photo's still and video share it, which pairs them when their names differ.
 * Photos indexed before have none until they are read again.
 */
export const photoContentIdentifier: Migration = {
  version: 11,
  name: 'photo-content-identifier',
  up(connection) {
    connection.exec('ALTER TABLE photos ADD COLUMN content_identifier TEXT');
  },
};
