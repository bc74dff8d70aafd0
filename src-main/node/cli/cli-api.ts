/**
 * The CLI's way into the services: the same validated dispatcher as IPC and HTTP (api-handlers.ts).
 * An argument the contract refuses is a usage error (exit 2) before any work; a failure of the
 * work keeps its code (exit 1).
 */
import type { LumenMethod } from '../../../src-common/contract';
import type { ArgumentOf, ValueOf } from '../../../src-common/contract-methods';
import { LumenFailure } from '../../../src-common/result';
import { nameSchema, parseArgument } from '../../../src-common/schema-kit';
import { validateArgument, type ApiDispatcher } from '../../../src-common/validated-dispatcher';
import { createApiDispatcher } from '../api/api-handlers';
import { AppSession } from '../api/app-session';
import type { LumenServices } from '../lumen-services';
import { UsageError } from './cli-io';

export type CliApi = <M extends LumenMethod>(method: M, arg?: unknown) => Promise<ValueOf<M>>;

export function cliApiOver(dispatch: ApiDispatcher): CliApi {
  return async <M extends LumenMethod>(method: M, arg?: unknown): Promise<ValueOf<M>> => {
    const valid = validateArgument(method, arg);
    if (!valid.ok) throw new UsageError(valid.error.message);
    const result = await dispatch(method, arg);
    if (!result.ok) throw new LumenFailure(result.error.code, result.error.message);
    // The dispatcher answered `method` with its handler's value (ApiHandlers types it as ValueOf<M>).
    return result.value as ValueOf<M>;
  };
}

/** The dispatcher over services the CLI opened (and disposes itself). */
export function cliApi(services: LumenServices): CliApi {
  const session = new AppSession(services);
  return cliApiOver(createApiDispatcher(() => Promise.resolve(session)));
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
