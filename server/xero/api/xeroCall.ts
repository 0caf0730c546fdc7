import type { AccountingApi, XeroClient } from 'xero-node';
import type { Logger } from '../../logging/logger.js';
import type { Clock } from '../../time/clock.js';
import type { XTigerError } from '../../errors/XTigerError.js';
import type { XeroRateGovernor } from './XeroRateGovernor.js';
import { XeroApiError, normaliseXeroError, readRateHeaders } from './xeroApiError.js';
import { useAccessToken } from './xeroSdkClient.js';

/**
 * Where the access token for a connection comes from (the token store in server/xero/tokens implements it).
 */
export interface AccessTokenSource {
  /** A valid access token (refreshed ahead of expiry, single-flight). */
  accessToken(): Promise<string>;
  /** Xero answered 401 to `rejected`: refresh now (unless someone already did) and return the new token. */
  renewAfterRejection(rejected: string): Promise<string>;
  /** Xero answered 403: find out whether the organisation is still connected (marks the connection if not). */
  checkAccess?(): Promise<void>;
}

export interface XeroCallSettings {
  clock: Clock;
  governor: XeroRateGovernor;
  tokens: AccessTokenSource;
  tenantId: string;
  /** The organisation's name, for messages. */
  organisation?: string;
  logger?: Logger;
  /** Per attempt (default 30 s). */
  timeoutMs?: number;
  /** Attempts for network errors, timeouts and 5xx (default 5). */
  maxAttempts?: number;
  /** 429s are retried up to this many times (default 8). */
  maxRateLimitRetries?: number;
  /** A Retry-After longer than this (a day limit) is not waited for; the caller gets XERO_RATE_LIMITED (default 5 min). */
  maxRetryAfterMs?: number;
}

interface SdkAnswer<T> {
  response: { headers?: unknown };
  body: T;
}

/**
 * Runs one Xero API call with everything around it: a governor permit (limits), a current access token, the
 * timeout (set on the SDK client), retries with backoff for network errors, timeouts and 5xx, waiting out 429
 * (Retry-After), one token renewal after a 401, and the one error normaliser. Writes are safe to retry because
 * every write carries an Idempotency-Key derived from its content.
 */
export async function runXeroCall<T>(
  settings: XeroCallSettings,
  xero: XeroClient,
  operation: string,
  call: (api: AccountingApi, tenantId: string) => Promise<SdkAnswer<T>>,
): Promise<T> {
  const maxAttempts = settings.maxAttempts ?? 5;
  const maxRateLimitRetries = settings.maxRateLimitRetries ?? 8;
  const maxRetryAfterMs = settings.maxRetryAfterMs ?? 5 * 60_000;
  const ctx = { operation, ...(settings.organisation ? { organisation: settings.organisation } : {}) };
  let failures = 0;
  let rateLimited = 0;
  let renewed = false;
  let token = await settings.tokens.accessToken();
  for (;;) {
    const permit = await settings.governor.acquire();
    useAccessToken(xero, token);
    let error: XTigerError;
    try {
      const answer = await call(xero.accountingApi, settings.tenantId);
      permit.release(readRateHeaders(answer.response.headers as Record<string, unknown> | undefined));
      return answer.body;
    } catch (reason) {
      error = normaliseXeroError(reason, ctx, settings.clock.now());
      permit.release(error instanceof XeroApiError ? error.rateHeaders : undefined);
    }
    if (!(error instanceof XeroApiError)) throw error;
    if (error.code === 'XERO_RATE_LIMITED') {
      const wait = error.retryAfterMs ?? backoffMs(rateLimited + 1);
      const dayLimit = error.rateLimitProblem === 'day' || error.rateLimitProblem === 'daily';
      if (dayLimit) settings.governor.noteDayLimitReached(wait);
      if (dayLimit || wait > maxRetryAfterMs || rateLimited >= maxRateLimitRetries) throw error;
      rateLimited += 1;
      settings.governor.pauseFor(wait, `Xero ${error.rateLimitProblem ?? 'rate'} limit`);
      settings.logger?.warn({ operation, tenantId: settings.tenantId, problem: error.rateLimitProblem, waitMs: wait }, 'Xero rate limit hit; waiting');
      continue;
    }
    if (error.code === 'XERO_AUTH' && !renewed) {
      renewed = true;
      settings.logger?.info({ operation, tenantId: settings.tenantId }, 'Xero rejected the access token; renewing it once');
      token = await settings.tokens.renewAfterRejection(token);
      continue;
    }
    if (error.code === 'XERO_NOT_CONNECTED' && settings.tokens.checkAccess) {
      await settings.tokens.checkAccess();
      throw error;
    }
    if (error.retryable && failures + 1 < maxAttempts) {
      failures += 1;
      const wait = backoffMs(failures);
      settings.logger?.warn({ operation, tenantId: settings.tenantId, code: error.code, httpStatus: error.status, attempt: failures, waitMs: wait }, 'Xero call failed; retrying');
      await settings.clock.sleep(wait);
      token = await settings.tokens.accessToken();
      continue;
    }
    throw error;
  }
}

/** 1 s, 2 s, 4 s, … capped at 30 s, with jitter so parallel retries spread out. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base / 2 + (random() * base) / 2);
}
