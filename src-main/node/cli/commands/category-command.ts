import type { CategorySetSummary } from '../../../../src-common/contract';
import { resolve } from 'node:path';
import type { CliApi } from '../cli-api';
import { UsageError, type CliIo } from '../cli-io';
import type { CommandOptionValues } from '../command-options';
import { parseNumberOption } from '../number-option';

function printSet(set: CategorySetSummary, io: CliIo): void {
  io.out(`${set.name} (unsure below ${set.unsureBelow})\n`);
  for (const category of set.categories) {
    const words = category.descriptions.length ? ` — ${category.descriptions.join('; ')}` : '';
    io.out(
      `  ${category.name}${words}  [${category.examples} example${category.examples === 1 ? '' : 's'}${category.folder ? `, → ${category.folder}` : ''}]\n`,
    );
  }
}

/**
 * `lumen category add <set> <name> [--description …] [--example <photo>] [--folder <dir>] [--unsure-below p]`, `lumen category list`.
 * Through the contract's dispatcher; with examples or --unsure-below (which the window's addCategory
 * does not take), the CLI's own defineCategory call (cli-methods.ts), checked the same way.
 */
export async function runCategoryCommand(api: CliApi, args: string[], json: boolean, io: CliIo, options: CommandOptionValues): Promise<number> {
  const [action, setName, name, ...extra] = args;
  if (action === 'list' && setName === undefined) {
    const sets = await api('listCategorySets');
    if (json) io.out(`${JSON.stringify({ sets }, null, 2)}\n`);
    else if (sets.length === 0) io.out('No category sets yet. Add one with `lumen category add <set> <category>`.\n');
    else for (const set of sets) printSet(set, io);
    return 0;
  }
  if (action !== 'add' || !setName || !name || extra.length > 0) {
    throw new UsageError(
      'usage: lumen category add <set> <category> [--description <words>]... [--example <photo>]... [--folder <dir>] [--unsure-below <p>] | lumen category list',
    );
  }
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
  if (json) io.out(`${JSON.stringify(set, null, 2)}\n`);
  else printSet(set, io);
  return 0;
}
