import type { CategorySetSummary, ClassifyResponse } from '../../../../src-common/contract';
import { resolve } from 'node:path';
import type { CliApi } from '../cli-api';
import { printable, UsageError, type CliIo } from '../cli-io';
import type { CommandOptionValues } from '../command-options';
import { parseNumberOption } from '../number-option';

const USAGE = `usage:
  lumen category add <set> <category> [--description <words>]... [--example <photo>]... [--folder <dir>] [--unsure-below <p>]
  lumen category list
  lumen category edit <set> <category> [--rename <new name>] [--description <words>]... [--folder <dir> | --default-folder]
  lumen category delete <set> <category>
  lumen category file <set> <category> <photo>... [--move]`;

function printSet(set: CategorySetSummary, io: CliIo): void {
  io.out(`${set.name} (unsure below ${set.unsureBelow})\n`);
  for (const category of set.categories) {
    const words = category.descriptions.length ? ` — ${category.descriptions.join('; ')}` : '';
    io.out(
      `  ${category.name}${words}  [${category.examples} example${category.examples === 1 ? '' : 's'}, ${category.photos} photo${category.photos === 1 ? '' : 's'} filed${category.folder ? `, → ${category.folder}` : ''}]\n`,
    );
  }
}

/** One line per file: where it went, or why it stayed. */
function printFiled(response: ClassifyResponse, io: CliIo): void {
  const verb = response.action === 'move' ? 'moved to' : 'copied to';
  for (const photo of response.photos) {
    if (photo.error) io.err(`lumen: ${printable(photo.path)}: ${printable(photo.error)}\n`);
    else io.out(`${printable(photo.path)}: ${photo.destination ? `${verb} ${printable(photo.destination)}` : printable(photo.note ?? 'left where it is')}\n`);
  }
  if (response.batchId !== null) io.out('Run `lumen undo` to put them back.\n');
}

/**
 * `lumen category add|list|edit|delete|file`. Through the contract's dispatcher; with examples or
 * --unsure-below (which the window's addCategory does not take), the CLI's own defineCategory call
 * (cli-methods.ts), checked the same way.
 */
export async function runCategoryCommand(api: CliApi, args: string[], json: boolean, io: CliIo, options: CommandOptionValues): Promise<number> {
  const [action, setName, name, ...extra] = args;
  const done = (value: unknown, text: () => void): number => {
    if (json) io.out(`${JSON.stringify(value, null, 2)}\n`);
    else text();
    return 0;
  };
  if (action === 'list' && setName === undefined) {
    const sets = await api('listCategorySets');
    return done({ sets }, () => {
      if (sets.length === 0) io.out('No category sets yet. Add one with `lumen category add <set> <category>`.\n');
      else for (const set of sets) printSet(set, io);
    });
  }
  if (!setName || !name) throw new UsageError(USAGE);
  if (action === 'edit' && extra.length === 0) {
    if (options.folder?.length && options['default-folder']) throw new UsageError('give either --folder or --default-folder, not both');
    const folder = options.folder?.at(-1);
    const set = await api('editCategory', {
      set: setName,
      name,
      ...(options.rename !== undefined ? { newName: options.rename } : {}),
      ...(options.description ? { descriptions: options.description } : {}),
      ...(folder !== undefined ? { folder: resolve(folder) } : options['default-folder'] ? { folder: null } : {}),
    });
    return done(set, () => printSet(set, io));
  }
  if (action === 'delete' && extra.length === 0) {
    const sets = await api('deleteCategory', { set: setName, name });
    return done({ deleted: { set: setName, name }, sets }, () =>
      io.out(`Deleted the category ${printable(name)} of ${printable(setName)}; its photos and folder stay.\n`),
    );
  }
  if (action === 'file' && extra.length > 0) {
    const response = await api('fileIntoCategory', {
      set: setName,
      category: name,
      files: extra.map((file) => resolve(file)),
      action: options.move ? 'move' : 'copy',
    });
    done(response, () => printFiled(response, io));
    return response.photos.some((photo) => photo.error) ? 1 : 0;
  }
  if (action !== 'add' || extra.length > 0) throw new UsageError(USAGE);
  const unsureBelow = parseNumberOption(options['unsure-below'], '--unsure-below', { min: 0, max: 0.99 });
  const folder = options.folder?.at(-1);
  const request = {
    set: setName,
    name,
    ...(options.description ? { descriptions: options.description } : {}),
    ...(folder !== undefined ? { folder: resolve(folder) } : {}),
  };
  const examples = options.example?.map((example) => resolve(example));
  const set =
    examples === undefined && unsureBelow === undefined
      ? await api('addCategory', request)
      : await api.own('defineCategory', { ...request, ...(examples ? { examples } : {}), ...(unsureBelow !== undefined ? { unsureBelow } : {}) });
  return done(set, () => printSet(set, io));
}
