import { z } from 'zod';

/**
 * One typed contract per HTTP endpoint, shared by the Express handler (server/http/routes), the tests and the
 * widget's client (widget/). Requests are validated at the edge; errors are answered as
 * `{ error: { code, message, details } }`.
 */
export interface Endpoint<Params extends z.ZodType, Query extends z.ZodType, Body extends z.ZodType, Res extends z.ZodType> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Express-style path, e.g. `/api/records/:module/:id/status`. */
  path: string;
  params: Params;
  query: Query;
  body: Body;
  response: Res;
  /** Who may call it: any signed-in Vtiger user, admins only, or nobody needs to be signed in (OAuth callback, health). */
  access: 'user' | 'admin' | 'public';
  /**
   * The Vtiger records the request names and what the caller needs on them (server/http/auth/recordAccess.ts
   * enforces it with Vtiger's own rules). Omitted: the endpoint names no records.
   */
  records?: RecordRule<z.infer<Params>, z.infer<Query>, z.infer<Body>> | undefined;
  /** A per-user limit the layer applies before the handler runs ('syncNow': sync-now's hourly bucket and daily Xero share). */
  limit?: 'syncNow' | undefined;
}

export type RecordNeed = 'view' | 'edit';

export interface RecordRule<P, Q, B> {
  /** View (DetailView) or edit (EditView) permission on each record. */
  need: RecordNeed;
  /** When the need depends on the request (a dry run only reads). */
  needFor?(request: { params: P; query: Q; body: B }): RecordNeed;
  /** Where the module and the record ids are in the validated request; undefined when this request names none. */
  from(request: { params: P; query: Q; body: B }): { module: string; ids: readonly number[] } | undefined;
  /**
   * 'permitted': the handler gets the permitted ids and how many were left out (never which, nor whether they
   * exist); 'every': each id must be permitted, else 404 as if the record did not exist.
   */
  keep: 'permitted' | 'every';
}

export type AnyEndpoint = Endpoint<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;

const empty = z.object({}).passthrough();

export function defineEndpoint<
  Params extends z.ZodType = typeof empty,
  Query extends z.ZodType = typeof empty,
  Body extends z.ZodType = typeof empty,
  Res extends z.ZodType = z.ZodType,
>(e: {
  method: Endpoint<Params, Query, Body, Res>['method'];
  path: string;
  access: Endpoint<Params, Query, Body, Res>['access'];
  response: Res;
  records?: RecordRule<z.infer<Params>, z.infer<Query>, z.infer<Body>>;
  limit?: 'syncNow';
  params?: Params;
  query?: Query;
  body?: Body;
}): Endpoint<Params, Query, Body, Res> {
  return {
    method: e.method,
    path: e.path,
    access: e.access,
    response: e.response,
    records: e.records,
    limit: e.limit,
    params: (e.params ?? empty) as Params,
    query: (e.query ?? empty) as Query,
    body: (e.body ?? empty) as Body,
  };
}

export const errorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/** Fills `:name` placeholders of a contract's path. */
export function endpointUrl(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(v));
  });
}
