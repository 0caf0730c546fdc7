/**
 * The accounting API host (`/api.xro/2.0/...`): every call passes, in order, the bearer token, the
 * `xero-tenant-id` connection, the token's scopes, the organisation's rate limits, any injected fault, the
 * Idempotency-Key replay store and the request contract check; the answer is checked against the contract too.
 */
import type { Socket } from 'node:net';
import express, { type Request, type Response, type Router } from 'express';
import type { ContractValidator, ContractViolation } from '../contract/contractValidator.js';
import type { FaultPlan } from '../faults.js';
import { MAX_IDEMPOTENCY_KEY_LENGTH, type IdempotencyStore, type StoredResponse } from '../idempotency.js';
import type { IdentityServer } from '../oauth/identityServer.js';
import { scopeAllows } from '../oauth/scopes.js';
import type { OrgStore } from '../orgStore.js';
import type { RateLimits } from '../rateLimits.js';
import { callContext } from './callContext.js';
import { findOperation } from './operations.js';
import { postDataInvalid, problem, type ApiResult } from './xeroResponses.js';

export const API_PREFIX = '/api.xro/2.0';

export interface AccountingDeps {
  identity: IdentityServer;
  org(tenantId: string): OrgStore | undefined;
  limits: RateLimits;
  idempotency: IdempotencyStore;
  faults: FaultPlan;
  contract: ContractValidator | undefined;
  violations: ContractViolation[];
  stats: { calls: number; writes: number; byOperation: Record<string, number> };
  /** Real milliseconds each admitted call takes, to make concurrency observable (default 0). */
  latencyMs: number;
  /** Sockets held open by 'timeout' faults, ended when the sandbox closes. */
  heldSockets: Set<Socket>;
}

function send(res: Response, result: ApiResult, extraHeaders: Record<string, string>): void {
  res.set(extraHeaders);
  if (result.headers !== undefined) res.set(result.headers);
  if (result.body === undefined) res.status(result.status).end();
  else res.status(result.status).json(result.body);
}

export function accountingRoutes(deps: AccountingDeps): Router {
  const router = express.Router();
  router.use(API_PREFIX, express.json({ limit: '3500kb', type: () => true }));

  router.all(`${API_PREFIX}/*path`, async (req: Request, res: Response) => {
    deps.stats.calls++;
    const apiPath = req.path.slice(API_PREFIX.length) || '/';
    const method = req.method.toUpperCase();
    const found = findOperation(method, apiPath);
    const opName = found?.op.name ?? `${method} ${apiPath}`;
    deps.stats.byOperation[opName] = (deps.stats.byOperation[opName] ?? 0) + 1;

    const header = req.headers.authorization;
    const access = deps.identity.checkAccessToken(header?.startsWith('Bearer ') ? header.slice(7) : undefined);
    if (!access.ok) {
      send(res, problem(401, 'Unauthorized', access.detail), { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
      return;
    }
    const tenantId = req.get('xero-tenant-id');
    const org = tenantId === undefined ? undefined : deps.org(tenantId);
    if (tenantId === undefined || org === undefined || !deps.identity.isConnected(access.grant.clientId, access.grant.userId, tenantId)) {
      send(res, problem(403, 'Forbidden', 'AuthenticationUnsuccessful'), {});
      return;
    }
    if (found === undefined) {
      send(res, problem(404, 'Not Found', `The sandbox does not serve ${method} ${apiPath}`), {});
      return;
    }
    const isWrite = method !== 'GET';
    if (!scopeAllows(access.grant.scopes, found.op.scope, isWrite)) {
      send(res, problem(401, 'Unauthorized', 'AuthorizationUnsuccessful'), {});
      return;
    }
    const admission = deps.limits.admit(org.tenantId, org.createdAtMs, access.grant.clientId);
    if (!admission.ok) {
      send(res, problem(429, 'Too Many Requests', `Rate limit exceeded: ${admission.problem}`), {
        ...admission.headers,
        'X-Rate-Limit-Problem': admission.problem,
        ...(admission.retryAfterSeconds !== undefined ? { 'Retry-After': String(admission.retryAfterSeconds) } : {}),
      });
      return;
    }
    res.on('close', admission.release);
    const rateHeaders = admission.headers;
    try {
      if (deps.latencyMs > 0) await new Promise((r) => setTimeout(r, deps.latencyMs));
      const fault = deps.faults.take();
      if (fault === '500') {
        send(res, problem(500, 'Internal Server Error', 'An unexpected error occurred (injected by the sandbox).'), rateHeaders);
        return;
      }
      if (fault === 'timeout') {
        deps.heldSockets.add(req.socket);
        req.socket.once('close', () => deps.heldSockets.delete(req.socket));
        return;
      }

      const key = isWrite ? req.get('Idempotency-Key') : undefined;
      if (key !== undefined && key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
        send(res, postDataInvalid(`Idempotency-Key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters.`), rateHeaders);
        return;
      }
      const claim = key === undefined ? undefined : deps.idempotency.claim(org.tenantId, key, method, apiPath, req.body);
      let result: StoredResponse;
      if (claim?.kind === 'mismatch') {
        result = postDataInvalid('This Idempotency-Key was already used for a different request.');
      } else if (claim?.kind === 'replay') {
        result = await claim.response;
      } else {
        if (isWrite && deps.contract !== undefined) deps.violations.push(...deps.contract.checkRequest(method, apiPath, req.body));
        const call = callContext(org, method, found.params, req.query as Record<string, unknown>, req.get('If-Modified-Since'), req.body);
        try {
          result = found.op.handle(call);
        } catch (e) {
          if (claim?.kind === 'first') claim.abandon();
          throw e;
        }
        deps.stats.writes += call.written;
        if (claim?.kind === 'first') claim.complete(result);
        if (deps.contract !== undefined && result.body !== undefined) deps.violations.push(...deps.contract.checkResponse(method, apiPath, result.status, result.body));
      }
      if (fault === 'network-drop-after-commit') {
        req.socket.destroy();
        return;
      }
      send(res, result, rateHeaders);
    } catch (e) {
      send(res, problem(500, 'Internal Server Error', `Sandbox error: ${e instanceof Error ? e.message : String(e)}`), rateHeaders);
    }
  });

  // Malformed JSON bodies: Xero's PostDataInvalidException.
  router.use(API_PREFIX, (err: unknown, _req: Request, res: Response, next: (e?: unknown) => void) => {
    const status = (err as { status?: number }).status;
    if (status === 400 || status === 413) send(res, status === 413 ? problem(413, 'Payload Too Large', 'The request is larger than 3.5 MB.') : postDataInvalid('The request body is not valid JSON.'), {});
    else next(err);
  });
  return router;
}
