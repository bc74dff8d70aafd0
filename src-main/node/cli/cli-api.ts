/**
 * The CLI's way into the services: the same validated dispatcher as IPC and HTTP (api-handlers.ts)
 * for the contract's calls, and one made the same way for the CLI's own (cli-methods.ts). An
 * argument a schema refuses is a usage error (exit 2) before any work; a failure of the work keeps
 * its code (exit 1). Ctrl+C reaches the work as the call's cancellation token.
 */
import type { CancellationToken } from '../../../src-common/cancellation';
import type { LumenMethod } from '../../../src-common/contract';
import type { ArgumentOf, ValueOf } from '../../../src-common/contract-methods';
import type { LumenEventSource } from '../../../src-common/contract-events';
import { LumenFailure, type Result } from '../../../src-common/result';
import { nameSchema, parseArgument } from '../../../src-common/schema-kit';
import { createSchemaDispatcher, validateArgument, type ApiDispatcher } from '../../../src-common/validated-dispatcher';
import { createApiDispatcher, failureDescriber } from '../api/api-handlers';
import { AppSession } from '../api/app-session';
import type { LumenServices } from '../lumen-services';
import { CLI_ARGUMENTS, cliHandlers, type CliMethod, type CliResults } from './cli-methods';
import { UsageError } from './cli-io';

export interface CliApi {
  /** A contract call, as the window makes it. */
  <M extends LumenMethod>(method: M, arg?: unknown, token?: CancellationToken): Promise<ValueOf<M>>;
  /** One of the CLI's own calls (cli-methods.ts). */
  own<M extends CliMethod>(method: M, arg: unknown, token?: CancellationToken): Promise<CliResults[M]>;
  /** Progress of the CLI's runs, pushed as the window's is. */
  events: LumenEventSource;
}

function valueOf(result: Result<unknown>): unknown {
  if (!result.ok) throw new LumenFailure(result.error.code, result.error.message);
  return result.value;
}

export function cliApiOver(dispatch: ApiDispatcher, own: ApiDispatcher, events: LumenEventSource): CliApi {
  const call = async <M extends LumenMethod>(method: M, arg?: unknown, token?: CancellationToken): Promise<ValueOf<M>> => {
    const valid = validateArgument(method, arg);
    if (!valid.ok) throw new UsageError(valid.error.message);
    // The dispatcher answered `method` with its handler's value (ApiHandlers types it as ValueOf<M>).
    return valueOf(await dispatch(method, arg, token)) as ValueOf<M>;
  };
  return Object.assign(call, {
    own: async <M extends CliMethod>(method: M, arg: unknown, token?: CancellationToken): Promise<CliResults[M]> => {
      const valid = parseArgument(CLI_ARGUMENTS[method], arg);
      if (!valid.ok) throw new UsageError(valid.error.message);
      // The CLI dispatcher answered `method` with its handler's value (cliHandlers types it as CliResults[M]).
      return valueOf(await own(method, arg, token)) as CliResults[M];
    },
    events,
  });
}

/** The dispatchers over services the CLI opened (and disposes itself). */
export function cliApi(services: LumenServices): CliApi {
  const session = new AppSession(services);
  const opened = (): Promise<AppSession> => Promise.resolve(session);
  return cliApiOver(createApiDispatcher(opened), createSchemaDispatcher(CLI_ARGUMENTS, cliHandlers(session), failureDescriber(opened)), session.events);
}

/** A CLI-only argument checked by a contract method's schema (names, paths), as a usage error. */
export function checkedBy<M extends LumenMethod>(method: M, arg: unknown): ArgumentOf<M> {
  const valid = validateArgument(method, arg);
  if (!valid.ok) throw new UsageError(valid.error.message);
  return valid.value;
}

/** A tag, category or set name the CLI takes from the command line, checked like the contract's names. */
export function checkedName(value: string, what: string): string {
  const valid = parseArgument(nameSchema(what), value);
  if (!valid.ok) throw new UsageError(valid.error.message);
  return valid.value;
}
