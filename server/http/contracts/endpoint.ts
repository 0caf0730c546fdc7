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
  params?: Params;
  query?: Query;
  body?: Body;
}): Endpoint<Params, Query, Body, Res> {
  return {
    method: e.method,
    path: e.path,
    access: e.access,
    response: e.response,
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
