import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import type { VtigerUser } from './auth/bridgeToken.js';
import { authenticate, requireAdmin } from './auth/authenticate.js';
import { filterRecords, mayUseRecord, type PermittedRecords } from './auth/recordAccess.js';
import { takeSyncNowAllowance } from './auth/syncNowLimits.js';
import type { AnyEndpoint, Endpoint, RecordNeed } from './contracts/endpoint.js';
import { XTigerError } from '../errors/XTigerError.js';
import type { AppDeps } from './appDeps.js';

export interface HandlerInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Present for 'user' and 'admin' endpoints; `isAdmin` as Vtiger's database says now. */
  user: VtigerUser | undefined;
  /** For endpoints whose contract declares `records`: the ids the user may use, and how many were left out. */
  records: PermittedRecords | undefined;
  /** For a record the handler finds itself (not in the request): may the user view/edit it, as Vtiger decides. */
  mayUse(module: string, id: number, need: RecordNeed): Promise<boolean>;
  req: Request;
  res: Response;
}

/** Every endpoint mounted through `route`, per router: the route table test reads it. */
const mounted = new WeakMap<Router, AnyEndpoint[]>();

export function mountedEndpoints(router: Router): readonly AnyEndpoint[] {
  return mounted.get(router) ?? [];
}

/**
 * The one authorization layer: every endpoint is mounted through here, in this order —
 *  1. who: 'public' passes; otherwise a valid bridge token of an Active, undeleted Vtiger user (401), and for
 *     'admin' a user who is an administrator in Vtiger now (403);
 *  2. the request: params, query and body against the contract's schemas (400 naming the field);
 *  3. records: when the contract declares `records`, Vtiger's own permission (view/edit) on each named record;
 *     'every' answers 404 for any refused id, 'permitted' keeps the allowed ones (403 when none) — neither says
 *     whether a refused id exists;
 *  4. limits: the contract's per-user limit ('syncNow', 429);
 *  5. the handler; its value is answered as JSON (a handler that answered itself returns undefined).
 */
export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  router: Router,
  deps: AppDeps,
  endpoint: Endpoint<P, Q, B, R>,
  handler: (input: HandlerInput<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<z.infer<R> | undefined>,
): void {
  const list = mounted.get(router) ?? [];
  list.push(endpoint as unknown as AnyEndpoint);
  mounted.set(router, list);
  router[endpoint.method](endpoint.path, (req: Request, res: Response, next: (err?: unknown) => void) => {
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
        const user = endpoint.access === 'public' ? undefined : await authenticate(deps.knex, req, deps.now());
        if (user && endpoint.access === 'admin') requireAdmin(user);
        const request = {
          params: parse(endpoint.params, req.params, 'path'),
          query: parse(endpoint.query, req.query, 'query'),
          body: parse(endpoint.body, req.body, 'body'),
        };
        let records: PermittedRecords | undefined;
        const rule = endpoint.records;
        const named = rule?.from(request);
        if (rule && named) {
          if (!user) throw new XTigerError('INTERNAL', `${endpoint.method.toUpperCase()} ${endpoint.path} names records but is public.`);
          records = await filterRecords(deps.knex, user, named.module, named.ids, rule.needFor?.(request) ?? rule.need, rule.keep);
        }
        if (endpoint.limit === 'syncNow' && user) {
          await takeSyncNowAllowance(deps.knex, deps.config, user, records?.ids.length ?? 0, deps.now());
        }
        const result = await handler({
          ...request,
          user,
          records,
          mayUse: async (module, id, need) => (user ? mayUseRecord(deps.knex, user, module, id, need) : false),
          req,
          res,
        });
        if (result !== undefined && !res.headersSent) res.json(result);
      })
      .catch(next);
  });
}
