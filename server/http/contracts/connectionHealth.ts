import { z } from 'zod';
import { defineEndpoint } from './endpoint.js';

/**
 * Settings → XTiger → API Details: is the Xero connection really usable, and what happens to the sync state when
 * the admin reconnects. The same check answers `npm run xtiger -- status`.
 *
 * GET /api/xero/connection/health (admin). `?check=refresh` also renews the access token at Xero once (the answer
 * is cached for a minute, so the screen may ask on every open); without it, only what can be told locally
 * (the tokens decrypt with the current key, expiry, the last refresh failure).
 *
 * Sync state (links, checkpoints, queue entries, the Xero ids on Vtiger records) belongs to ONE Xero
 * organisation. Connecting to another organisation parks the current organisation's state and starts the new one
 * fresh (or restores its own state if it was connected before); reconnecting to the same organisation keeps it.
 * `syncState` lets the screen say so before the admin clicks Connect.
 */
export const TOKEN_HEALTH = [
  /** Tokens decrypt and (when checked) a refresh worked. */
  'ok',
  /** Nothing stored: not connected. */
  'missing',
  /** Stored tokens cannot be opened with the current key (the key file changed or was lost). */
  'undecryptable',
  /** Xero refused the refresh token (revoked, expired after 60 days, used elsewhere). */
  'refresh_rejected',
  /** The refresh did not work for another reason (Xero unreachable, wrong client secret); retried with backoff. */
  'refresh_failing',
  /** Tokens decrypt; no refresh was tried (ask with `check=refresh`). */
  'unchecked',
] as const;
export type TokenHealth = (typeof TOKEN_HEALTH)[number];

/** fresh: another organisation, its state starts empty; restored: its own earlier state is back; kept: the same organisation. */
export const SYNC_STATE_OUTCOMES = ['fresh', 'restored', 'kept'] as const;
export type SyncStateOutcome = (typeof SYNC_STATE_OUTCOMES)[number];

export const syncStateCountsSchema = z.object({
  /** Linked records (contacts, organizations, products, services, invoices). */
  links: z.number().int(),
  /** Open XTQueue entries (Queued). */
  queueEntries: z.number().int(),
  /** Read checkpoints (change feeds) of the organisation. */
  checkpoints: z.number().int(),
});
export type SyncStateCounts = z.infer<typeof syncStateCountsSchema>;

export const connectionHealthSchema = z.object({
  /** The connection state, as GET /api/xero/connection says it. */
  state: z.enum(['not_configured', 'not_connected', 'choose_tenant', 'connected', 'reconnect_needed']),
  /** True when a sync can run now: connected, an organisation chosen, tokens usable. */
  healthy: z.boolean(),
  organisation: z.object({ name: z.string(), tenantId: z.string() }).nullable(),
  tokens: z.object({
    health: z.enum(TOKEN_HEALTH),
    /** Access token expiry (ISO 8601 UTC), when known. */
    accessTokenExpiresAt: z.string().nullable(),
    lastRefreshAt: z.string().nullable(),
    /** When the refresh check ran (ISO); null when not checked in this answer or the cache. */
    checkedAt: z.string().nullable(),
  }),
  /** The last problem (refresh failure, reconnect reason, failed connect), in the user's language. */
  lastError: z.object({ code: z.string(), message: z.string(), at: z.string().nullable() }).nullable(),
  /** What to do when not healthy, in the user's language; null when healthy. */
  nextStep: z.string().nullable(),
  syncState: z.object({
    /** State of the organisation connected now (or last connected): what reconnecting to ANOTHER organisation parks. */
    current: syncStateCountsSchema.extend({ tenantId: z.string().nullable(), organisation: z.string().nullable() }),
    /** Other organisations whose state is parked; connecting to one of them again restores it. */
    parked: z.array(syncStateCountsSchema.extend({ tenantId: z.string(), organisation: z.string().nullable(), parkedAt: z.string() })),
    /** One sentence for the screen, in the user's language: what reconnecting does with these counts. */
    onReconnect: z.string(),
    /** What the last connect did with the sync state (also in the callback's redirect as `syncState=`). */
    lastSwitch: z
      .object({
        outcome: z.enum(SYNC_STATE_OUTCOMES),
        at: z.string(),
        fromTenantId: z.string().nullable(),
        toTenantId: z.string(),
        /** What was parked (the previous organisation's) and restored (the new one's own, from before). */
        parked: syncStateCountsSchema,
        restored: syncStateCountsSchema,
        message: z.string(),
      })
      .nullable(),
  }),
});
export type ConnectionHealth = z.infer<typeof connectionHealthSchema>;

export const getConnectionHealth = defineEndpoint({
  method: 'get',
  path: '/api/xero/connection/health',
  access: 'admin',
  query: z.object({ check: z.enum(['local', 'refresh']).default('local') }),
  response: connectionHealthSchema,
});
