import { cancelOnInterrupt } from '../interrupt';
import { resolve } from 'node:path';
import type { TagSummary } from '../../../../src-common/contract';
import type { CliApi } from '../cli-api';
import { printable, UsageError, type CliIo } from '../cli-io';
import type { CommandOptionValues } from '../command-options';
import { parseNumberOption } from '../number-option';

const USAGE = `usage:
  lumen tag add <name> [photo…] [--description <words>]… [--threshold <p>]
  lumen tag list
  lumen tag run [--tag <name>]… [--folder <dir> | --photo <file>…]
  lumen tag review <name>
  lumen tag accept|reject <name> (<photo>… | --all)
  lumen tag describe <name> [--description <words>]…   (replaces its words; none: the name alone)
  lumen tag rename <old> <new> | merge <from> <into> | delete <name> | tune <name>
  lumen tag export [--folder <dir>] [--embed-in-originals]`;

function summaryLine(tag: TagSummary): string {
  const words = tag.descriptions.length ? ` (${printable(tag.descriptions.join('; '))})` : '';
  return `${printable(tag.name)}${words}: ${tag.accepted} accepted, ${tag.suggested} suggested, ${tag.rejected} rejected; threshold ${tag.threshold.toFixed(2)}${tag.ownThreshold ? '' : ' (default)'}\n`;
}

/** Where a run or an export looks, as absolute paths (the CLI's calls take no relative ones). */
function scopeFrom(options: CommandOptionValues): { folder?: string; photos?: string[] } {
  if (options.folder?.length && options.photo?.length) throw new UsageError('give either --folder or --photo, not both');
  if (options.folder?.length) return { folder: resolve(options.folder.at(-1) as string) };
  if (options.photo?.length) return { photos: options.photo.map((photo) => resolve(photo)) };
  return {};
}

/**
 * `lumen tag …`: manual tags, auto-tag runs, review, and XMP write-back. What the contract offers goes
 * through its dispatcher (`api`); the CLI's extras (photos by path, thresholds, merge, tune, runs in
 * the foreground, export) are the CLI's own calls (`api.own`, cli-methods.ts), checked the same way.
 */
export async function runTagCommand(api: CliApi, args: string[], json: boolean, io: CliIo, options: CommandOptionValues): Promise<number> {
  const [action, ...rest] = args;
  const print = (value: unknown, text: () => string): number => {
    io.out(json ? `${JSON.stringify(value, null, 2)}\n` : text());
    return 0;
  };
  switch (action) {
    case 'add': {
      const [name, ...photos] = rest;
      if (!name) throw new UsageError(USAGE);
      const threshold = parseNumberOption(options.threshold, '--threshold', { min: 0.01, max: 0.99 });
      const request = { name, ...(options.description ? { descriptions: options.description } : {}) };
      let tag = threshold === undefined ? await api('addTag', request) : await api.own('addTagWithThreshold', { ...request, threshold });
      if (photos.length > 0) tag = await api.own('decidePhotos', { tag: tag.name, photos: photos.map((photo) => resolve(photo)), decision: 'accepted' });
      return print(tag, () => summaryLine(tag));
    }
    case 'list': {
      const list = await api('listTags');
      return print({ tags: list }, () => (list.length ? list.map(summaryLine).join('') : 'No tags yet. Add one with `lumen tag add <name>`.\n'));
    }
    case 'run': {
      const scope = scopeFrom(options);
      const interrupt = cancelOnInterrupt(io, 'Stopping the tag run; its suggestions are not saved');
      const stopListening = api.events.listen('tagRunProgress', ({ progress }) => {
        if (io.interactive && !json && progress) io.err(`\rtagging ${progress.done}/${progress.total}`);
      });
      const summary = await api.own('runTags', { ...(options.tag ? { tags: options.tag } : {}), ...scope }, interrupt.token).finally(() => {
        stopListening();
        interrupt.dispose();
      });
      if (io.interactive && !json) io.err('\n');
      return print(
        summary,
        () =>
          Object.entries(summary.suggested)
            .map(([name, n]) => `${printable(name)}: ${n} suggested\n`)
            .join('') +
          `(${summary.photos} photos, ${summary.seconds.toFixed(1)} s)\n` +
          (summary.cancelled ? 'Cancelled: no suggestions were saved; the earlier ones stand.\n' : ''),
      );
    }
    case 'review': {
      const [name] = rest;
      if (!name) throw new UsageError(USAGE);
      const suggestions = await api('listSuggestions', name);
      return print(
        { tag: name, suggestions },
        () => suggestions.map((s) => `${s.confidence.toFixed(3)}  ${printable(s.path)}\n`).join('') || 'No suggestions.\n',
      );
    }
    case 'accept':
    case 'reject': {
      const [name, ...photos] = rest;
      if (!name || (photos.length === 0) === !options.all) throw new UsageError(USAGE);
      const state = action === 'accept' ? 'accepted' : 'rejected';
      const tag = options.all
        ? await api('decideSuggestions', { tag: name, decision: action })
        : await api.own('decidePhotos', { tag: name, photos: photos.map((photo) => resolve(photo)), decision: state });
      return print(tag, () => summaryLine(tag));
    }
    case 'describe': {
      const [name] = rest;
      if (!name || rest.length !== 1) throw new UsageError(USAGE);
      const tag = await api('describeTag', { name, descriptions: options.description ?? [] });
      return print(tag, () => summaryLine(tag));
    }
    case 'rename':
    case 'merge': {
      const [from, to] = rest;
      if (!from || !to || rest.length !== 2) throw new UsageError(USAGE);
      const tag = action === 'rename' ? await api('renameTag', { from, to }) : await api.own('mergeTags', { from, into: to });
      return print(tag, () => summaryLine(tag));
    }
    case 'delete': {
      const [name] = rest;
      if (!name || rest.length !== 1) throw new UsageError(USAGE);
      await api('deleteTag', name);
      return print({ deleted: name }, () => `Deleted tag ${printable(name)}.\n`);
    }
    case 'tune': {
      const [name] = rest;
      if (!name) throw new UsageError(USAGE);
      const tag = await api.own('tuneTag', name);
      return print(tag, () => summaryLine(tag));
    }
    case 'export': {
      const scope = scopeFrom(options);
      const summary = await api.own('exportKeywords', { embedInOriginals: options['embed-in-originals'], ...scope });
      print(summary, () => `${summary.sidecars.length} sidecars written, ${summary.embedded.length} originals updated, ${summary.failed.length} failed\n`);
      for (const failure of summary.failed) io.err(`lumen: ${printable(failure.path)}: ${printable(failure.reason)}\n`);
      return summary.failed.length > 0 ? 1 : 0;
    }
    default:
      throw new UsageError(USAGE);
  }
}
