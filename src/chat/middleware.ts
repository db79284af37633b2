import type { ChatContext } from './context.js';

/** Calls the rest of the pipeline. */
export type NextFunction = () => Promise<void>;

/** One stage of the message pipeline. A stage that handles the message does not call `next`. */
export type Middleware = (ctx: ChatContext, next: NextFunction) => Promise<void> | void;

/** A middleware with the name used in logs and errors. */
export interface NamedMiddleware {
  name: string;
  fn: Middleware;
}

/** An error thrown by a middleware, with the context that failed. */
export class MiddlewareError extends Error {
  constructor(
    readonly middleware: string,
    readonly ctx: ChatContext,
    cause: unknown,
  ) {
    super(`middleware "${middleware}" failed on message ${ctx.message.id} in #${ctx.message.channel}`, { cause });
    this.name = 'MiddlewareError';
  }
}

/** Called when a middleware throws; the pipeline then goes on with the next stage. */
export type ErrorHandler = (error: MiddlewareError) => void;

/**
 * Composes named middleware into one. Each stage runs inside its own error boundary: an error is
 * passed to `onError` (with channel and module) and the pipeline continues with the next stage,
 * so one failing module never stops the chat loop. Calling `next` twice is an error.
 */
export function compose(stages: readonly NamedMiddleware[], onError: ErrorHandler): (ctx: ChatContext) => Promise<void> {
  return async (ctx) => {
    const run = async (i: number): Promise<void> => {
      const stage = stages[i];
      if (!stage) return;
      let nextCalled = false;
      let downstream: Promise<void> | undefined;
      const next: NextFunction = () => {
        if (nextCalled) throw new Error(`middleware "${stage.name}" called next() twice`);
        nextCalled = true;
        downstream = run(i + 1);
        return downstream;
      };
      try {
        await stage.fn(ctx, next);
      } catch (err) {
        onError(err instanceof MiddlewareError ? err : new MiddlewareError(stage.name, ctx, err));
        // The failing stage did not hand over: the rest of the pipeline still runs.
        if (!nextCalled) await run(i + 1);
        else if (downstream) await downstream.catch(() => undefined);
      }
    };
    await run(0);
  };
}
