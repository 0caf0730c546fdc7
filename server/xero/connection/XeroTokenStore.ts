import type { Knex } from 'knex';
import type { Logger } from '../../logging/logger.js';
import type { Clock } from '../../time/clock.js';
import { XTigerError, isXTigerError } from '../../errors/XTigerError.js';
import type { AccessTokenSource } from '../api/xeroCall.js';
import { XeroOAuthError, type XeroAppCredentials, type XeroIdentityClient, type XeroTokenSet } from '../oauth/xeroIdentityClient.js';
import { withDbLock } from './dbLock.js';
import type { XeroConnectionRepository } from './xeroConnections.js';

/**
 * Hands out valid access tokens for a Xero connection and refreshes them — modelled on Nango's refresh:
 *  - ahead of expiry (`refreshAheadMs`, 5 min): a call never starts with a token about to die;
 *  - single-flight in this process: one promise per connection, every concurrent caller awaits it;
 *  - serialised across processes by a MariaDB lock, and the row is RE-READ after taking the lock: if another
 *    process refreshed meanwhile, its token is used and Xero is not asked again (a second refresh with the
 *    rotated-away refresh token would be `invalid_grant`);
 *  - the new token set (with the new refresh token) is committed BEFORE the access token is handed out, so a crash
 *    right after can never lose the only valid refresh token;
 *  - after a failure (network, 5xx, wrong client secret) it backs off (30 s, 1, 2, 4 … 30 min) and keeps using the
 *    old access token while it is still valid;
 *  - `invalid_grant` turns the connection into `reconnect_needed` with a plain reason and next step.
 */
export interface XeroTokenStoreOptions {
  knex: Knex;
  connections: XeroConnectionRepository;
  identity: XeroIdentityClient;
  credentials: () => Promise<XeroAppCredentials>;
  clock: Clock;
  logger: Logger;
  refreshAheadMs?: number;
  lockTimeoutSeconds?: number;
}

const MIN_USEFUL_MS = 15_000;

export function refreshBackoffMs(failures: number): number {
  return Math.min(30 * 60_000, 30_000 * 2 ** Math.max(0, failures - 1));
}

export class XeroTokenStore {
  private readonly inFlight = new Map<number, Promise<string>>();
  private readonly cache = new Map<number, { accessToken: string; expiresAt: number }>();
  private readonly refreshAheadMs: number;

  constructor(private readonly o: XeroTokenStoreOptions) {
    this.refreshAheadMs = o.refreshAheadMs ?? 5 * 60_000;
  }

  /** A valid access token for the connection; refreshes when it would expire within `refreshAheadMs`. */
  async accessToken(connectionId: number): Promise<string> {
    const cached = this.cache.get(connectionId);
    if (cached && cached.expiresAt - this.o.clock.now() > this.refreshAheadMs) return cached.accessToken;
    const tokens = await this.o.connections.tokens(connectionId);
    if (tokens && tokens.expiresAt - this.o.clock.now() > this.refreshAheadMs) {
      const conn = await this.o.connections.get(connectionId);
      if (conn?.status === 'reconnect_needed') throw reconnectNeeded(conn.statusMessage);
      this.cache.set(connectionId, { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt });
      return tokens.accessToken;
    }
    return this.singleFlight(connectionId, undefined);
  }

  /** Xero rejected `rejected` (401): refresh unless the current token is already a different one. */
  async renewAfterRejection(connectionId: number, rejected: string): Promise<string> {
    this.cache.delete(connectionId);
    const running = this.inFlight.get(connectionId);
    if (running) {
      const token = await running;
      if (token !== rejected) return token;
    }
    return this.singleFlight(connectionId, rejected);
  }

  /** Forget what this process cached (after disconnect or reconnect). */
  invalidate(connectionId: number): void {
    this.cache.delete(connectionId);
  }

  /** The token source a XeroAccountingApi uses for one connection. */
  sourceFor(connectionId: number, checkAccess?: () => Promise<void>): AccessTokenSource {
    return {
      accessToken: () => this.accessToken(connectionId),
      renewAfterRejection: (rejected) => this.renewAfterRejection(connectionId, rejected),
      ...(checkAccess ? { checkAccess } : {}),
    };
  }

  private singleFlight(connectionId: number, rejected: string | undefined): Promise<string> {
    const running = this.inFlight.get(connectionId);
    if (running) return running;
    const promise = this.refreshUnderLock(connectionId, rejected).finally(() => this.inFlight.delete(connectionId));
    this.inFlight.set(connectionId, promise);
    return promise;
  }

  private refreshUnderLock(connectionId: number, rejected: string | undefined): Promise<string> {
    return withDbLock(this.o.knex, `xero-token-refresh:${connectionId}`, this.o.lockTimeoutSeconds ?? 30, async () => {
      // Re-read after the lock: another process may have refreshed (or the admin disconnected) meanwhile.
      const conn = await this.o.connections.get(connectionId);
      if (!conn || conn.status === 'disconnected') throw notConnected();
      if (conn.status === 'reconnect_needed') throw reconnectNeeded(conn.statusMessage);
      const tokens = await this.o.connections.tokens(connectionId);
      if (!tokens) throw notConnected();
      const now = this.o.clock.now();
      const stillFresh = tokens.expiresAt - now > this.refreshAheadMs && tokens.accessToken !== rejected;
      if (stillFresh) return this.remember(connectionId, tokens);
      if (conn.nextRefreshAttemptAt !== undefined && conn.nextRefreshAttemptAt > now) {
        if (tokens.expiresAt - now > MIN_USEFUL_MS && tokens.accessToken !== rejected) return tokens.accessToken;
        throw new XTigerError(
          'XERO_AUTH',
          `XTiger could not renew the Xero access token (${conn.lastRefreshError ?? 'see the backend log'}) and waits until ${new Date(conn.nextRefreshAttemptAt).toISOString()} before trying again.`,
          { details: { connectionId, nextAttemptAt: new Date(conn.nextRefreshAttemptAt).toISOString() } },
        );
      }
      let next: XeroTokenSet;
      try {
        next = await this.o.identity.refresh(await this.o.credentials(), tokens.refreshToken);
      } catch (err) {
        return this.afterFailure(connectionId, conn.refreshFailures, tokens, rejected, err);
      }
      await this.o.connections.saveRefreshedTokens(connectionId, next, this.o.clock.now());
      this.o.logger.info({ connectionId, expiresAt: new Date(next.expiresAt).toISOString() }, 'Xero access token refreshed');
      return this.remember(connectionId, next);
    });
  }

  private remember(connectionId: number, tokens: XeroTokenSet): string {
    this.cache.set(connectionId, { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt });
    return tokens.accessToken;
  }

  private async afterFailure(connectionId: number, failuresBefore: number, tokens: XeroTokenSet, rejected: string | undefined, err: unknown): Promise<string> {
    const now = this.o.clock.now();
    if (err instanceof XeroOAuthError && err.oauthError === 'invalid_grant') {
      await this.o.connections.markReconnectNeeded(connectionId, { reason: 'refresh_token_rejected', message: err.message, eraseTokens: true, now });
      this.cache.delete(connectionId);
      this.o.logger.warn({ connectionId, code: err.code }, 'Xero rejected the refresh token; the connection needs a reconnect');
      throw err;
    }
    const failures = failuresBefore + 1;
    const nextAttemptAt = now + refreshBackoffMs(failures);
    const message = isXTigerError(err) ? err.message : 'unexpected error while renewing the token';
    await this.o.connections.recordRefreshFailure(connectionId, { failures, nextAttemptAt, message, now });
    this.o.logger.warn(
      { connectionId, code: isXTigerError(err) ? err.code : 'INTERNAL', failures, nextAttemptAt: new Date(nextAttemptAt).toISOString(), err },
      'Xero token refresh failed; backing off',
    );
    if (tokens.expiresAt - now > MIN_USEFUL_MS && tokens.accessToken !== rejected) return tokens.accessToken;
    throw err;
  }
}

function notConnected(): XTigerError {
  return new XTigerError('XERO_NOT_CONNECTED', 'Xero is not connected: connect it in Settings → XTiger → API details.');
}

function reconnectNeeded(message: string | undefined): XTigerError {
  return new XTigerError('XERO_RECONNECT_NEEDED', message ?? 'The Xero connection needs to be renewed: reconnect Xero in Settings → XTiger → API details.');
}
