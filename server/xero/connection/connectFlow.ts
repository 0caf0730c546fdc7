import { XTigerError } from '../../errors/XTigerError.js';
import { scopesFor } from '../oauth/scopes.js';
import { XeroOAuthError, authEventIdOf, type XeroTenantConnection, type XeroTokenSet } from '../oauth/xeroIdentityClient.js';
import type { XeroServices } from '../xeroServices.js';
import { codeChallengeOf, consumeState, createState, launchState, type StateProblem } from './oauthStates.js';
import type { XeroConnection } from './xeroConnections.js';
import { switchSyncStateWhenIdle, type SwitchResult, type SyncStateOutcome } from './syncStateSwitch.js';

/**
 * The connect flow as use cases (the HTTP routes are thin on top): start → Xero's consent page → callback (state
 * checked, code exchanged, organisations listed) → connected, or the admin picks an organisation; plus disconnect.
 * Every failure is an outcome with a reason code and a message that says what to do next; none carries a token.
 */
export type ConnectFailure =
  | StateProblem
  | 'consent_denied'
  | 'xero_error'
  | 'invalid_client'
  | 'redirect_mismatch'
  | 'code_rejected'
  | 'no_refresh_token'
  | 'no_organisation'
  | 'xero_unreachable'
  | 'sync_running';

export type ConnectOutcome =
  | { result: 'connected'; connectionId: number; organisation: string; tenantId: string; syncState: SyncStateOutcome }
  | { result: 'choose_tenant'; connectionId: number; tenants: Array<{ tenantId: string; tenantName: string }> }
  | { result: 'failed'; reason: ConnectFailure; message: string };

const FAILURE_MESSAGES: Record<StateProblem | 'consent_denied' | 'no_organisation', string> = {
  state_missing: 'The answer from Xero had no state, so XTiger cannot tell which connect it belongs to. Click "Connect to Xero" again.',
  state_unknown: 'This Xero answer does not belong to a connect XTiger started (or the page was opened twice). Click "Connect to Xero" again.',
  state_expired: 'The connect took longer than 10 minutes and has expired. Click "Connect to Xero" again and finish within 10 minutes.',
  state_used: 'This Xero answer was already used (the page was reloaded or opened twice). Check the connection status, or click "Connect to Xero" again.',
  state_other_admin: 'This connect was started by another administrator or in another browser; only that browser can finish it. Click "Connect to Xero" yourself to connect.',
  consent_denied: 'Xero access was not granted (Cancel was chosen on Xero\'s page). Click "Connect to Xero" again and choose Allow access.',
  no_organisation: 'Xero connected no organisation. Click "Connect to Xero" again and tick an organisation on Xero\'s page.',
};

const LAST_CONNECT_SETTING = 'xero.last_connect';
const SYNC_RUNNING_MESSAGE = 'A sync is running and did not finish within 30 s; connect again when it has finished (the organisation decides which sync state is used, so it cannot change during a run).';

export interface ConnectStart {
  /** Goes into the launch URL the admin's browser opens (see oauthStates.ts). */
  state: string;
  redirectUri: string;
  scopes: string[];
  expiresAt: number;
}

/** The admin clicked "Connect to Xero": a new state, bound to them, for the redirect URL and scopes of the API details. */
export async function startConnect(s: XeroServices, userId: number): Promise<ConnectStart> {
  const details = await s.apiDetails.read();
  await s.apiDetails.credentials(); // fails early, naming the missing field
  const scopes = scopesFor(details.scopeSet);
  const { state, expiresAt } = await createState(s.knex, { userId, redirectUri: details.redirectUri, scopes }, s.clock.now());
  return { state, redirectUri: details.redirectUri, scopes, expiresAt };
}

/** The admin's browser opens the launch URL: bind the state to this browser and send it to Xero's consent page. */
export async function launchConnect(
  s: XeroServices,
  state: string | undefined,
): Promise<{ ok: true; authorizeUrl: string; browserNonce: string } | { ok: false; reason: StateProblem; message: string }> {
  const launched = await launchState(s.knex, state, s.clock.now());
  if (!launched.ok) return { ok: false, reason: launched.problem, message: FAILURE_MESSAGES[launched.problem] };
  const { clientId } = await s.apiDetails.credentials();
  return {
    ok: true,
    browserNonce: launched.browserNonce,
    authorizeUrl: s.identity.authorizeUrl({
      clientId,
      redirectUri: launched.attempt.redirectUri,
      scopes: launched.attempt.scopes,
      state: state ?? '',
      codeChallenge: launched.attempt.codeVerifier ? codeChallengeOf(launched.attempt.codeVerifier) : undefined,
    }),
  };
}

export interface CallbackInput {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
  errorDescription?: string | undefined;
  /** The nonce of the cookie set when this browser launched the connect. */
  browserNonce: string | undefined;
}

/**
 * The callback. Only the browser that launched the connect (its cookie matches the state) changes anything: a
 * callback whose state is missing, unknown, expired, used or bound to another browser is answered, logged at
 * warn, and leaves the "last connect" status as it was (an unauthenticated request cannot overwrite it).
 */
export async function completeConnect(s: XeroServices, input: CallbackInput): Promise<ConnectOutcome> {
  const outcome = await completeConnectUnrecorded(s, input);
  if (!(outcome.result === 'failed' && isStateProblem(outcome.reason))) await recordOutcome(s, outcome);
  if (outcome.result === 'failed') s.logger.warn({ reason: outcome.reason }, 'Xero connect failed');
  else s.logger.info({ result: outcome.result, connectionId: outcome.connectionId }, 'Xero connect completed');
  return outcome;
}

const STATE_PROBLEMS: ReadonlySet<string> = new Set<StateProblem>(['state_missing', 'state_unknown', 'state_expired', 'state_used', 'state_other_admin']);
function isStateProblem(reason: ConnectFailure): reason is StateProblem {
  return STATE_PROBLEMS.has(reason);
}

async function completeConnectUnrecorded(s: XeroServices, input: CallbackInput): Promise<ConnectOutcome> {
  const fail = (reason: ConnectFailure, message: string): ConnectOutcome => ({ result: 'failed', reason, message });
  const checked = await consumeState(s.knex, input.state, input.browserNonce, s.clock.now());
  if (!checked.ok) return fail(checked.problem, FAILURE_MESSAGES[checked.problem]);
  if (input.error) {
    if (input.error === 'access_denied') return fail('consent_denied', FAILURE_MESSAGES.consent_denied);
    return fail('xero_error', `Xero answered "${input.error}"${input.errorDescription ? ` (${input.errorDescription.slice(0, 200)})` : ''}. Check the API details (client id, redirect URL, scope setting) and connect again.`);
  }
  if (!input.code) return fail('xero_error', 'Xero answered without an authorisation code. Click "Connect to Xero" again.');
  let tokens: XeroTokenSet;
  let tenants: XeroTenantConnection[];
  try {
    tokens = await s.identity.exchangeCode(await s.apiDetails.credentials(), input.code, checked.attempt.redirectUri, checked.attempt.codeVerifier);
    tenants = await s.identity.listConnections(tokens.accessToken, authEventIdOf(tokens.accessToken));
  } catch (err) {
    if (err instanceof XeroOAuthError) {
      const reason: ConnectFailure =
        err.oauthError === 'invalid_client' ? 'invalid_client' : err.oauthError === 'no_refresh_token' ? 'no_refresh_token' : /redirect URL/.test(err.message) ? 'redirect_mismatch' : 'code_rejected';
      return fail(reason, err.message);
    }
    if (err instanceof XTigerError) return fail('xero_unreachable', err.message);
    throw err;
  }
  if (tenants.length === 0) return fail('no_organisation', FAILURE_MESSAGES.no_organisation);
  // One organisation: its sync state is made the live one (kept, restored or fresh) before the connection is stored.
  const only = tenants.length === 1 ? tenants[0] : undefined;
  let switched: SwitchResult | undefined;
  if (only) {
    try {
      switched = await switchSyncStateWhenIdle(s.knex, { tenantId: only.tenantId, name: only.tenantName }, new Date(s.clock.now()));
    } catch (err) {
      if (err instanceof XTigerError && err.code === 'CONFLICT') return fail('sync_running', SYNC_RUNNING_MESSAGE);
      throw err;
    }
  }
  const connection = await s.connections.create({ tokens, tenants, userId: checked.attempt.userId, now: s.clock.now() });
  if (connection.status === 'connected') {
    return { result: 'connected', connectionId: connection.id, organisation: connection.tenantName ?? '', tenantId: connection.tenantId ?? '', syncState: switched?.outcome ?? 'kept' };
  }
  return { result: 'choose_tenant', connectionId: connection.id, tenants: tenants.map((t) => ({ tenantId: t.tenantId, tenantName: t.tenantName })) };
}

async function recordOutcome(s: XeroServices, outcome: ConnectOutcome): Promise<void> {
  const value = JSON.stringify({
    result: outcome.result,
    ...(outcome.result === 'failed' ? { reason: outcome.reason, message: outcome.message } : {}),
    ...(outcome.result === 'connected' ? { syncState: outcome.syncState } : {}),
    at: new Date(s.clock.now()).toISOString(),
  });
  await s.knex('xtiger_settings').insert({ name: LAST_CONNECT_SETTING, value, is_secret: false, updated_at: s.knex.fn.now() }).onConflict('name').merge(['value', 'updated_at']);
}

export async function chooseTenant(s: XeroServices, tenantId: string): Promise<XeroConnection> {
  const current = await s.connections.current();
  if (!current || current.status !== 'choose_tenant') {
    throw new XTigerError('CONFLICT', 'There is no organisation to choose: connect Xero first.');
  }
  const tenant = current.tenantChoices.find((t) => t.tenantId === tenantId);
  if (!tenant) {
    throw new XTigerError('BAD_REQUEST', `Organisation ${tenantId} was not among those Xero connected (${current.tenantChoices.map((t) => t.tenantName).join(', ')}).`, {
      details: { field: 'tenantId' },
    });
  }
  try {
    await switchSyncStateWhenIdle(s.knex, { tenantId: tenant.tenantId, name: tenant.tenantName }, new Date(s.clock.now()));
  } catch (err) {
    if (err instanceof XTigerError && err.code === 'CONFLICT') throw new XTigerError('CONFLICT', SYNC_RUNNING_MESSAGE);
    throw err;
  }
  await s.connections.chooseTenant(current.id, tenant, s.clock.now());
  const chosen = await s.connections.get(current.id);
  if (!chosen) throw new XTigerError('INTERNAL', 'The Xero connection vanished while choosing the organisation.');
  return chosen;
}

export interface DisconnectResult {
  wasConnected: boolean;
  organisation: string | undefined;
  /** DELETE /connections/{id} at Xero succeeded (or it was already gone). */
  removedAtXero: boolean;
  /** The refresh token was revoked at Xero. */
  tokenRevoked: boolean;
  /** What could not be done at Xero, in plain words (the local tokens are forgotten regardless). */
  notes: string[];
}

/** Disconnects at Xero where possible (DELETE /connections/{id}, then revoke), and always forgets the tokens. */
export async function disconnect(s: XeroServices): Promise<DisconnectResult> {
  const current = await s.connections.current();
  if (!current) return { wasConnected: false, organisation: undefined, removedAtXero: false, tokenRevoked: false, notes: [] };
  const notes: string[] = [];
  let removedAtXero = false;
  let tokenRevoked = false;
  const tokens = current.hasTokens ? await s.connections.tokens(current.id).catch(() => undefined) : undefined;
  if (tokens) {
    if (current.xeroConnectionId) {
      try {
        const accessToken = current.status === 'connected' ? await s.tokens.accessToken(current.id) : tokens.accessToken;
        await s.identity.deleteConnection(accessToken, current.xeroConnectionId);
        removedAtXero = true;
      } catch (err) {
        notes.push(`The organisation could not be disconnected at Xero (${err instanceof XTigerError ? err.message : 'unexpected error'}); remove XTiger under Xero → Settings → Connected apps if it is still listed.`);
      }
    }
    try {
      const fresh = (await s.connections.tokens(current.id)) ?? tokens;
      await s.identity.revoke(await s.apiDetails.credentials(), fresh.refreshToken);
      tokenRevoked = true;
    } catch (err) {
      notes.push(`The Xero token could not be revoked (${err instanceof XTigerError ? err.message : 'unexpected error'}); it is forgotten here and expires unused after 60 days.`);
    }
  }
  await s.connections.forget(current.id, 'disconnected_by_admin', s.clock.now());
  s.tokens.invalidate(current.id);
  s.logger.info({ connectionId: current.id, removedAtXero, tokenRevoked }, 'Xero disconnected');
  return { wasConnected: true, organisation: current.tenantName, removedAtXero, tokenRevoked, notes };
}

/**
 * Xero answered 403 for an organisation: if it is no longer among the grant's connections, the admin (or someone
 * in Xero) disconnected it — the connection turns `reconnect_needed` with that reason.
 */
export async function checkOrganisationStillConnected(s: XeroServices, connectionId: number): Promise<void> {
  const conn = await s.connections.get(connectionId);
  if (!conn?.tenantId) return;
  const tenantId = conn.tenantId;
  let tenants: XeroTenantConnection[];
  try {
    tenants = await s.identity.listConnections(await s.tokens.accessToken(connectionId));
  } catch {
    return; // cannot tell; the caller reports the 403 itself
  }
  if (tenants.some((t) => t.tenantId.toLowerCase() === tenantId.toLowerCase())) return;
  await s.connections.markReconnectNeeded(connectionId, {
    reason: 'organisation_disconnected',
    message: `The Xero organisation "${conn.tenantName ?? tenantId}" was disconnected from the app in Xero. Next step: reconnect Xero in Settings → XTiger → API details and allow access to that organisation.`,
    eraseTokens: false,
    now: s.clock.now(),
  });
  s.tokens.invalidate(connectionId);
  s.logger.warn({ connectionId }, 'Xero organisation is no longer connected; reconnect needed');
}

export interface ConnectionStatusView {
  state: 'not_configured' | 'not_connected' | 'choose_tenant' | 'connected' | 'reconnect_needed';
  organisation: string | undefined;
  tenantId: string | undefined;
  scopes: string[];
  connectedAt: string | undefined;
  lastRefreshAt: string | undefined;
  accessTokenExpiresAt: string | undefined;
  /** For reconnect_needed: why, and the message with the next step. */
  reason: string | undefined;
  message: string | undefined;
  nextStep: string | undefined;
  /** While choosing an organisation. */
  tenantChoices: Array<{ tenantId: string; tenantName: string }>;
  /** The last token refresh failure while backing off. */
  refreshProblem: { message: string; failures: number; nextAttemptAt: string } | undefined;
  lastConnect: { result: string; reason?: string; message?: string; at: string } | undefined;
}

export async function connectionStatus(s: XeroServices): Promise<ConnectionStatusView> {
  const details = await s.apiDetails.read();
  const current = await s.connections.current();
  const lastRow = (await s.knex('xtiger_settings').where({ name: LAST_CONNECT_SETTING }).first('value')) as { value: string } | undefined;
  const lastConnect = lastRow ? (JSON.parse(lastRow.value) as ConnectionStatusView['lastConnect']) : undefined;
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
  const base: ConnectionStatusView = {
    state: 'not_connected',
    organisation: undefined,
    tenantId: undefined,
    scopes: [],
    connectedAt: undefined,
    lastRefreshAt: undefined,
    accessTokenExpiresAt: undefined,
    reason: undefined,
    message: undefined,
    nextStep: undefined,
    tenantChoices: [],
    refreshProblem: undefined,
    lastConnect,
  };
  if (!details.clientId || !details.hasSecret) {
    return { ...base, state: 'not_configured', nextStep: 'Enter the client id and secret of your Xero app (developer.xero.com → My Apps), then connect.' };
  }
  if (!current) return { ...base, nextStep: 'Click "Connect to Xero".' };
  const common = {
    ...base,
    organisation: current.tenantName,
    tenantId: current.tenantId,
    scopes: current.scopes,
    connectedAt: iso(current.connectedAt),
    lastRefreshAt: iso(current.lastRefreshAt),
    accessTokenExpiresAt: iso(current.accessExpiresAt),
    refreshProblem:
      current.refreshFailures > 0 && current.lastRefreshError
        ? { message: current.lastRefreshError, failures: current.refreshFailures, nextAttemptAt: iso(current.nextRefreshAttemptAt) ?? '' }
        : undefined,
  };
  // Stored tokens that the current key cannot open (the key file or XTIGER_ENCRYPTION_KEY changed) are no connection.
  if (current.hasTokens && current.status !== 'reconnect_needed') {
    const readable = await s.connections.tokens(current.id).then(
      () => true,
      () => false,
    );
    if (!readable) {
      return {
        ...common,
        state: 'reconnect_needed',
        reason: 'tokens_undecryptable',
        message: 'The stored Xero tokens cannot be decrypted with the current encryption key (the key file or XTIGER_ENCRYPTION_KEY changed).',
        nextStep: 'Put the old key back, or click "Connect to Xero" to connect again.',
      };
    }
  }
  switch (current.status) {
    case 'choose_tenant':
      return { ...common, state: 'choose_tenant', tenantChoices: current.tenantChoices.map((t) => ({ tenantId: t.tenantId, tenantName: t.tenantName })), nextStep: 'Choose the organisation XTiger syncs with.' };
    case 'reconnect_needed':
      return { ...common, state: 'reconnect_needed', reason: current.statusReason, message: current.statusMessage, nextStep: 'Click "Connect to Xero" to reconnect.' };
    default:
      return { ...common, state: 'connected' };
  }
}
