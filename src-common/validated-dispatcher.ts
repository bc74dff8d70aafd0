/**
 * The one door of the contract: a method name and an untrusted argument in, a `Result` out. The
 * argument is parsed with the method's schema (contract-methods.ts) before its handler runs, and a
 * failure becomes an error with a stable code. The services' dispatcher (api-handlers.ts, behind
 * IPC, HTTP and the CLI) and the window's test double are both made by this function.
 */
import { NEVER_CANCELLED, type CancellationToken } from './cancellation';
import type { LumenMethod } from './contract';
import { LUMEN_METHODS } from './contract';
import { LUMEN_ARGUMENTS, type ArgumentOf, type ValueOf } from './contract-methods';
import { describeCaught, err, ok, type LumenError, type Result } from './result';
import type { InferOutput } from 'valibot';
import { parseArgument, type ArgumentSchema } from './schema-kit';

/**
 * A call through the one door. `token` cancels the call's long work (a classify batch, a model
 * download): each transport cancels it its own way (an HTTP request whose client went away, a
 * cancel message over the services link, Ctrl+C in the CLI), and the handler sees one token.
 */
export type ApiDispatcher = (method: string, arg: unknown, token?: CancellationToken) => Promise<Result<unknown>>;

/** One handler per method, given the parsed argument and the call's token; it throws a `LumenFailure` to refuse. */
export type ApiHandlers = { [M in LumenMethod]: (arg: ArgumentOf<M>, token: CancellationToken) => Promise<ValueOf<M>> | ValueOf<M> };

export function isLumenMethod(method: string): method is LumenMethod {
  return (LUMEN_METHODS as readonly string[]).includes(method);
}

/** The method's argument checked and normalized by its schema, or `bad-argument` saying what is wrong. */
export function validateArgument<M extends LumenMethod>(method: M, arg: unknown): Result<ArgumentOf<M>> {
  return parseArgument(LUMEN_ARGUMENTS[method], arg) as Result<ArgumentOf<M>>;
}

/** Handlers for a table of argument schemas: each gets its argument as the schema parsed it, and the call's token. */
export type SchemaHandlers<T extends Record<string, ArgumentSchema>> = {
  [M in keyof T]: (arg: InferOutput<T[M]>, token: CancellationToken) => unknown;
};

/**
 * A dispatcher over any table of schemas and its handlers: the contract's (below) and the CLI's
 * own calls (src-main/node/cli/cli-methods.ts) are both made by it, so every call is parsed by its
 * schema before its handler runs, and every failure is a `Result` with a stable code.
 */
export function createSchemaDispatcher<T extends Record<string, ArgumentSchema>>(
  schemas: T,
  handlers: SchemaHandlers<T>,
  describeFailure: (caught: unknown) => LumenError = describeCaught,
): ApiDispatcher {
  const known = (method: string): method is Extract<keyof T, string> => Object.prototype.hasOwnProperty.call(schemas, method);
  return async (method, arg, token = NEVER_CANCELLED) => {
    if (!known(method)) return err('unknown-method', `no such call: ${method.slice(0, 64)}`);
    const schema: T[typeof method] = schemas[method];
    const valid = parseArgument(schema, arg);
    if (!valid.ok) return valid;
    try {
      return ok(await handlers[method](valid.value, token));
    } catch (caught) {
      const error = describeFailure(caught);
      return err(error.code, error.message);
    }
  };
}

export function createValidatedDispatcher(handlers: ApiHandlers, describeFailure: (caught: unknown) => LumenError = describeCaught): ApiDispatcher {
  return createSchemaDispatcher(LUMEN_ARGUMENTS, handlers, describeFailure);
}
