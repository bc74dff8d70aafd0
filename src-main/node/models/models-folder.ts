import { mkdir } from 'node:fs/promises';
import { LumenFailure } from '../../../src-common/result';
import { whyOtherAccountsCanChange } from '../library/library-folder-owner';

/**
 * Makes the folder of installed models owner-only when it is new, and refuses one another account
 * could change: Lumen writes there under names anyone can work out (the registry's temporary file,
 * downloads, staging), so a link planted there would have one of our files overwritten.
 */
export async function prepareModelsFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const why = whyOtherAccountsCanChange(dir);
  if (why) {
    throw new LumenFailure(
      'models-unsafe',
      `the models folder ${dir} ${why}, so that account could swap the models in it or have Lumen overwrite your files: use a folder of your own for LUMEN_MODELS (or make it yours alone with chmod 700)`,
    );
  }
}
