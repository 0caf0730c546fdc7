import type { ConnectionHealth, TokenHealth } from '../../http/contracts/connectionHealth.js';
import { isXTigerError } from '../../errors/XTigerError.js';
import { translate } from '../../i18n/translate.js';
import { saveOrganisationInfo } from '../../settingsScreens/organisationInfo.js';
import { XeroOAuthError } from '../oauth/xeroIdentityClient.js';
import { openXeroAccountingApi } from '../openXeroAccountingApi.js';
import type { XeroServices } from '../xeroServices.js';
import { connectionStatus } from './connectFlow.js';
import { countLiveState, listParked, readLastSwitch, readStateOwner, type SwitchResult } from './syncStateSwitch.js';

/**
 * Is the Xero connection really usable? Shared by the API Details screen and `xtiger status`:
 * - locally: the stored tokens open with the current key (a changed or lost key makes them unreadable, and the
 *   connection is not "connected" then, whatever its row says), the refresh state of the token store;
 * - with `refresh`: one real token refresh at Xero and one read of /Organisation (name and ShortCode for deep
 *   links), remembered for a minute per process so a screen opened repeatedly costs Xero nothing more.
 * Also what reconnecting would do with the sync state (see syncStateSwitch.ts).
 */
const REFRESH_CACHE_MS = 60_000;

interface RefreshCheck {
  connectionId: number;
  at: number;
  health: TokenHealth;
  error: { code: string; message: string } | undefined;
}

const lastChecks = new WeakMap<XeroServices, RefreshCheck>();

export async function connectionHealth(s: XeroServices, options: { refresh: boolean; language: string | undefined }): Promise<ConnectionHealth> {
  const lang = options.language;
  const status = await connectionStatus(s);
  const current = await s.connections.current();
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

  let health: TokenHealth = 'missing';
  let checkedAt: string | null = null;
  let lastError: ConnectionHealth['lastError'] = null;
  if (current?.hasTokens) {
    let readable = true;
    try {
      await s.connections.tokens(current.id);
    } catch {
      readable = false;
    }
    if (!readable) {
      health = 'undecryptable';
      lastError = { code: 'TOKENS_UNDECRYPTABLE', message: translate(lang, 'settings.health.error.undecryptable'), at: null };
    } else if (current.status === 'reconnect_needed') {
      health = current.statusReason === 'refresh_token_rejected' ? 'refresh_rejected' : 'refresh_failing';
    } else if (current.refreshFailures > 0) {
      health = 'refresh_failing';
    } else {
      health = 'unchecked';
    }
    if (readable && current.status === 'connected') {
      let check = lastChecks.get(s);
      const fresh = check && check.connectionId === current.id && s.clock.now() - check.at < REFRESH_CACHE_MS;
      if (options.refresh && !fresh) {
        check = await refreshCheck(s, current.id);
        lastChecks.set(s, check);
      }
      if (check && check.connectionId === current.id && s.clock.now() - check.at < REFRESH_CACHE_MS) {
        health = check.health;
        checkedAt = iso(check.at);
        if (check.error) lastError = { ...check.error, at: checkedAt };
      }
    }
  } else if (current?.status === 'reconnect_needed') {
    health = current.statusReason === 'refresh_token_rejected' ? 'refresh_rejected' : 'missing';
  }
  // The connection row may be re-read after a refresh check (a rejected refresh marks it reconnect_needed).
  const after = await s.connections.current();
  if (!lastError && after?.status === 'reconnect_needed') lastError = { code: after.statusReason ?? 'reconnect_needed', message: after.statusMessage ?? '', at: null };
  if (!lastError && after?.refreshFailures && after.lastRefreshError) lastError = { code: 'refresh_failing', message: after.lastRefreshError, at: iso(after.nextRefreshAttemptAt) };
  if (!lastError && status.lastConnect?.result === 'failed') lastError = { code: status.lastConnect.reason ?? 'connect_failed', message: status.lastConnect.message ?? '', at: status.lastConnect.at };

  const state = health === 'undecryptable' || after?.status === 'reconnect_needed' ? 'reconnect_needed' : status.state;
  const healthy = state === 'connected' && (health === 'ok' || health === 'unchecked');
  const nextStep = healthy ? null : nextStepFor(state, health, lang);
  const organisation = after?.tenantId ? { name: after.tenantName ?? after.tenantId, tenantId: after.tenantId } : null;
  return {
    state,
    healthy,
    organisation,
    tokens: { health, accessTokenExpiresAt: iso(after?.accessExpiresAt), lastRefreshAt: iso(after?.lastRefreshAt), checkedAt },
    lastError,
    nextStep,
    syncState: await syncStateView(s, lang),
  };
}

function nextStepFor(state: ConnectionHealth['state'], health: TokenHealth, lang: string | undefined): string {
  if (state === 'not_configured') return translate(lang, 'settings.health.next.notConfigured');
  if (health === 'undecryptable') return translate(lang, 'settings.health.next.undecryptable');
  if (health === 'refresh_rejected') return translate(lang, 'settings.health.next.refreshRejected');
  if (state === 'choose_tenant') return translate(lang, 'settings.health.next.chooseTenant');
  if (state === 'reconnect_needed') return translate(lang, 'settings.health.next.reconnect');
  if (health === 'refresh_failing') return translate(lang, 'settings.health.next.refreshFailing');
  return translate(lang, 'settings.health.next.connect');
}

async function refreshCheck(s: XeroServices, connectionId: number): Promise<RefreshCheck> {
  const at = s.clock.now();
  try {
    const tokens = await s.connections.tokens(connectionId);
    // A real refresh: the store renews as if Xero had rejected the current access token (and saves the new set).
    await s.tokens.renewAfterRejection(connectionId, tokens?.accessToken ?? '');
    const conn = await s.connections.get(connectionId);
    const api = await openXeroAccountingApi(s, { connectionId });
    const org = await api.getOrganisation();
    if (conn?.tenantId) {
      await saveOrganisationInfo(s.knex, { tenantId: conn.tenantId, name: org.name ?? conn.tenantName ?? '', shortCode: org.shortCode ?? undefined, readAt: new Date(at).toISOString() });
    }
    return { connectionId, at, health: 'ok', error: undefined };
  } catch (err) {
    const rejected = err instanceof XeroOAuthError && err.oauthError === 'invalid_grant';
    const conn = await s.connections.get(connectionId);
    const health: TokenHealth = rejected || conn?.statusReason === 'refresh_token_rejected' ? 'refresh_rejected' : 'refresh_failing';
    return { connectionId, at, health, error: { code: isXTigerError(err) ? err.code : err instanceof XeroOAuthError ? err.code : 'INTERNAL', message: err instanceof Error ? err.message : String(err) } };
  }
}

export async function syncStateView(s: XeroServices, lang: string | undefined): Promise<ConnectionHealth['syncState']> {
  const owner = await readStateOwner(s.knex);
  const live = await countLiveState(s.knex);
  const parked = await listParked(s.knex);
  const last = await readLastSwitch(s.knex);
  const name = owner?.name ?? owner?.tenantId ?? null;
  const empty = live.links + live.queueEntries + live.checkpoints === 0;
  let onReconnect = empty
    ? translate(lang, 'settings.syncState.nothing')
    : translate(lang, 'settings.syncState.onReconnect', { organisation: name ?? '—', links: live.links, queue: live.queueEntries, checkpoints: live.checkpoints });
  if (parked.length > 0) onReconnect += ` ${translate(lang, 'settings.syncState.parkedNote', { organisations: parked.map((p) => p.organisation ?? p.tenantId).join(', ') })}`;
  return {
    current: { ...live, tenantId: owner?.tenantId ?? null, organisation: name },
    parked,
    onReconnect,
    lastSwitch: last ? { outcome: last.outcome, at: last.at, fromTenantId: last.fromTenantId, toTenantId: last.toTenantId, parked: last.parked, restored: last.restored, message: switchMessage(last, lang) } : null,
  };
}

export function switchMessage(r: SwitchResult, lang: string | undefined): string {
  switch (r.outcome) {
    case 'kept':
      return translate(lang, 'settings.syncState.kept', { organisation: r.toName });
    case 'restored':
      return translate(lang, 'settings.syncState.restored', { organisation: r.toName, previous: r.fromName ?? r.fromTenantId ?? '—', links: r.restored.links, queue: r.restored.queueEntries });
    case 'fresh':
      return r.fromTenantId
        ? translate(lang, 'settings.syncState.fresh', { organisation: r.toName, previous: r.fromName ?? r.fromTenantId, links: r.parked.links, queue: r.parked.queueEntries })
        : translate(lang, 'settings.syncState.freshFirst', { organisation: r.toName });
  }
}
