import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeCaught } from '../../../src-common/result';
import { defaultLibraryDir } from '../app-paths';
import { DATABASE_FILE_NAME } from '../library/library-db';
import { asStorageFailure } from '../library/storage-failure';
import { LumenServices, type LumenOptions } from '../lumen-services';
import { packageRoot } from '../resource-paths';
import { parseCommandLine, type ParsedCommand } from './cli-args';
import { printable, processIo, UsageError, type CliIo } from './cli-io';
import { runCategoryCommand } from './commands/category-command';
import { checkClassifyArguments, runClassifyCommand } from './commands/classify-command';
import { runConfigCommand } from './commands/config-command';
import { runExcludeCommand } from './commands/exclude-command';
import { runIndexCommand } from './commands/index-command';
import { runModelCommand } from './commands/model-command';
import { defaultModelsDir } from '../models/models-home';
import { runSearchCommand, searchRequestFrom } from './commands/search-command';
import { runServeCommand } from './commands/serve-command';
import { runStatusCommand } from './commands/status-command';
import { runTagCommand } from './commands/tag-command';
import { runHistoryCommand, runUndoCommand } from './commands/undo-command';
import { HELP_TEXT } from './help-text';
import { cliApi } from './cli-api';
import { commandHelp, isCommand } from './command-table';
import { logFailure } from '../logging/logger';
import { checkLibraryFolder } from './library-folder';
import { withCommandLog } from './command-log';

const SERVICE_COMMANDS = new Set(['index', 'search', 'status', 'serve', 'category', 'classify', 'undo', 'history', 'tag']);

async function runWithServices(parsed: ParsedCommand, libraryDir: string, io: CliIo, extra: CliServiceOptions): Promise<number> {
  // Argument errors must exit 2 without touching (or creating) a library.
  const searchRequest = parsed.command === 'search' ? searchRequestFrom(parsed.positionals, parsed.limit, parsed.options) : undefined;
  if (parsed.command === 'classify') checkClassifyArguments(parsed.positionals, parsed.options);
  if (parsed.command === 'index' && parsed.positionals.length === 0) throw new UsageError('lumen index needs at least one folder');
  const processName = parsed.command === 'serve' ? 'serve' : 'cli';
  const services = await LumenServices.open({
    libraryDir,
    processName,
    ...extra,
    ...(parsed.global.model ? { modelFolder: parsed.global.model } : {}),
    ...(parsed.global.vectorBackend ? { vectorBackend: parsed.global.vectorBackend } : {}),
    ...(parsed.global.device ? { device: parsed.global.device } : {}),
  });
  const api = cliApi(services);
  try {
    switch (parsed.command) {
      case 'index':
        return await runIndexCommand(
          api,
          parsed.positionals,
          {
            json: parsed.global.json,
            watch: parsed.watch,
            pollSeconds: parsed.pollSeconds,
            retryErrors: parsed.retryErrors,
            refreshMetadata: parsed.refreshMetadata,
          },
          io,
        );
      case 'serve':
        // The window's Settings reopen the services from the library's settings, so without --model and --device.
        return await runServeCommand(services, parsed.serve, io, undefined, () =>
          LumenServices.open({ libraryDir, processName, ...(parsed.global.vectorBackend ? { vectorBackend: parsed.global.vectorBackend } : {}) }),
        );
      case 'search':
        return await runSearchCommand(api, searchRequest ?? searchRequestFrom(parsed.positionals, parsed.limit, parsed.options), parsed.global.json, io);
      case 'category':
        return await runCategoryCommand(api, parsed.positionals, parsed.global.json, io, parsed.options);
      case 'classify':
        return await runClassifyCommand(api, parsed.positionals, parsed.global.json, io, parsed.options);
      case 'undo':
        return await runUndoCommand(api, parsed.positionals, parsed.global.json, io);
      case 'history':
        return await runHistoryCommand(api, parsed.global.json, io);
      case 'tag':
        return await runTagCommand(api, parsed.positionals, parsed.global.json, io, parsed.options);
      default:
        return await runStatusCommand(api, parsed.errors, parsed.global.json, io);
    }
  } catch (error) {
    // The person gets a sentence (runCli); the log keeps the code and, for a defect, the stack.
    logFailure(services.logger, error, `lumen ${parsed.command} failed`);
    throw error;
  } finally {
    await services.dispose();
  }
}

function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Runs one command line; returns the exit code. Never calls process.exit, so tests can drive it. */
/** What a caller other than the command line may give the services (tests: their worker entry). */
export type CliServiceOptions = Pick<LumenOptions, 'workerEntry'>;

export async function runCli(argv: readonly string[], io: CliIo = processIo, extra: CliServiceOptions = {}): Promise<number> {
  let json = argv.includes('--json');
  let library = 'the library database';
  try {
    const parsed = parseCommandLine(argv);
    json = parsed.global.json;
    if (parsed.version) {
      io.out(`${version()}\n`);
      return 0;
    }
    const helpOn = parsed.command === 'help' ? parsed.positionals[0] : parsed.help ? parsed.command : undefined;
    if (helpOn !== undefined && helpOn !== 'help' && isCommand(helpOn)) {
      io.out(commandHelp(helpOn));
      return 0;
    }
    if (parsed.help || parsed.command === undefined || parsed.command === 'help') {
      io.out(HELP_TEXT);
      return parsed.command === undefined && !parsed.help ? 2 : 0;
    }
    const libraryDir = parsed.global.library ?? defaultLibraryDir();
    library = `the library database ${join(libraryDir, DATABASE_FILE_NAME)}`;
    checkLibraryFolder(libraryDir);
    // Commands that open no services: their failures go to the library's log all the same.
    if (parsed.command === 'config') return await withCommandLog(libraryDir, 'config', () => runConfigCommand(libraryDir, parsed.positionals, json, io));
    if (parsed.command === 'exclude') return await withCommandLog(libraryDir, 'exclude', () => runExcludeCommand(libraryDir, parsed.positionals, json, io));
    if (parsed.command === 'model')
      return await withCommandLog(libraryDir, 'model', () =>
        runModelCommand(libraryDir, defaultModelsDir(), parsed.positionals, parsed.modelCommand, json, io),
      );
    if (!SERVICE_COMMANDS.has(parsed.command)) throw new UsageError(`unknown command "${parsed.command}"`);
    return await runWithServices(parsed, libraryDir, io, extra);
  } catch (caught) {
    // SQLite's and Node's bare codes (SQLITE_BUSY, ENOSPC) never reach the user as they are.
    const error = asStorageFailure(caught, library);
    const usage = error instanceof UsageError;
    const { code, message } = usage ? { code: 'bad-argument', message: error.message } : describeCaught(error);
    if (json) io.out(`${JSON.stringify({ ok: false, error: { code, message } })}\n`);
    io.err(`lumen: ${printable(message)}\n${usage ? 'Run `lumen --help` for usage.\n' : ''}`);
    return usage ? 2 : 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
