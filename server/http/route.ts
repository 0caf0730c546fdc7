import type { NextFunction, Request, Response, Router } from 'express';
import type { z } from 'zod';
import { requireVtigerUser, vtigerUserOf } from './auth/requireVtigerUser.js';
import type { VtigerUser } from './auth/bridgeToken.js';
import type { Endpoint } from './contracts/endpoint.js';
import { XTigerError } from '../errors/XTigerError.js';
import type { AppDeps } from './appDeps.js';

export interface HandlerInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Present for 'user' and 'admin' endpoints. */
  user: VtigerUser | undefined;
  req: Request;
  res: Response;
}

/**
 * Mounts one contract on a router: validates params, query and body with the contract's schemas (400 with the
 * field named), checks access, runs the handler and answers its value as JSON. A handler that has answered
 * itself (a redirect, a page) returns `undefined`.
 */
export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  router: Router,
  deps: AppDeps,
  endpoint: Endpoint<P, Q, B, R>,
  handler: (input: HandlerInput<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<z.infer<R> | undefined>,
): void {
  const guards = endpoint.access === 'public' ? [] : [requireVtigerUser(deps.knex, { admin: endpoint.access === 'admin' })];
  router[endpoint.method](endpoint.path, ...guards, (req: Request, res: Response, next: NextFunction) => {
    const parse = <S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> => {
      const result = schema.safeParse(value ?? {});
      if (result.success) return result.data;
      const issue = result.error.issues[0];
      const field = issue?.path.join('.') || where;
      throw new XTigerError('BAD_REQUEST', `Invalid ${where} field "${field}": ${issue?.message ?? 'invalid value'}.`, {
        details: { where, field, issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
      });
    };
    Promise.resolve()
      .then(async () => {
        const input = {
          params: parse(endpoint.params, req.params, 'path'),
          query: parse(endpoint.query, req.query, 'query'),
          body: parse(endpoint.body, req.body, 'body'),
          user: endpoint.access === 'public' ? undefined : vtigerUserOf(res),
          req,
          res,
        };
        const result = await handler(input);
        if (result !== undefined && !res.headersSent) res.json(result);
      })
      .catch(next);
  });
}
