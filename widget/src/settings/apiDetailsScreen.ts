import type { ApiDetailsView } from '../../../server/http/contracts/apiDetails.js';
import type { XeroConnectionStatus } from '../../../server/http/contracts/xeroConnection.js';
import { alertBox, append, button, el, formRow, input, select } from '../dom.js';
import { PATHS } from './paths.js';
import { settingsApi, type ConnectionHealth } from './settingsApi.js';
import { formatTime, showProblem, type Screen, type ScreenContext } from './screenContext.js';
import { webhookPanel } from './webhookPanel.js';

/**
 * Settings → XTiger → API Details: the admin's Xero app (client id, write-only secret, the redirect URL to copy into
 * Xero, scope set), the connection (organisation, token health, last error; Connect / Reconnect / Disconnect) and
 * Xero's webhooks (delivery URL, write-only key: webhookPanel.ts).
 * Contracts: server/http/contracts/apiDetails.ts and xeroConnection.ts.
 */
type DisconnectAnswer = { wasConnected: boolean; organisation?: string; removedAtXero: boolean; tokenRevoked: boolean; notes: string[] };

export const apiDetailsScreen: Screen = async (ctx, body) => {
  const [details, connection, health] = await Promise.all([
    ctx.client.getJson<ApiDetailsView>(PATHS.apiDetails),
    ctx.client.getJson<XeroConnectionStatus>(PATHS.connection),
    // Older backends have no health check: the screen then shows what the connection status says.
    settingsApi(ctx.client).connectionHealth().catch(() => null),
  ]);
  append(
    body.empty(),
    callbackOutcome(ctx, health),
    detailsForm(ctx, body, details, connection),
    connectionPanel(ctx, body, details, connection, health),
    // Optional, and useful once connected: after the connection.
    webhookPanel(ctx, details.webhook, () => redraw(ctx, body)),
  );
};

async function redraw(ctx: ScreenContext, body: JQuery): Promise<void> {
  try {
    await apiDetailsScreen(ctx, body);
  } catch (error) {
    showProblem(body, ctx.errorText(error));
  }
}

/** Back from Xero's consent page: the callback put the outcome in the URL. */
function callbackOutcome(ctx: ScreenContext, health: ConnectionHealth | null): JQuery | null {
  const outcome = ctx.query.get('xero');
  const switched = health?.syncState.lastSwitch?.message;
  if (outcome === 'connected') return alertBox('success', ctx.t('JS_XTIGER_CONNECT_DONE'), switched ? ` ${switched}` : '').attr('data-xtiger-outcome', 'connected');
  if (outcome === 'choose_tenant') return alertBox('info', ctx.t('JS_XTIGER_CONNECT_CHOOSE')).attr('data-xtiger-outcome', 'choose_tenant');
  if (outcome === 'failed') return alertBox('danger', ctx.t('JS_XTIGER_CONNECT_FAILED', ctx.query.get('reason') ?? '')).attr('data-xtiger-outcome', 'failed');
  return null;
}

function detailsForm(ctx: ScreenContext, body: JQuery, details: ApiDetailsView, connection: XeroConnectionStatus): JQuery {
  const clientId = input('clientId', details.clientId ?? '', { autocomplete: 'off', spellcheck: 'false' });
  // Write-only: the secret is never sent back; empty keeps the stored one.
  const secret = input('clientSecret', '', {
    type: 'password',
    autocomplete: 'new-password',
    placeholder: details.hasSecret ? ctx.t('JS_XTIGER_SECRET_STORED') : ctx.t('JS_XTIGER_SECRET_NONE'),
  });
  const redirect = input('redirectUri', details.redirectUri, { readonly: true });
  const copy = button(ctx.t('JS_XTIGER_COPY'), 'default', { 'data-action': 'copy-redirect' });
  copy.on('click', () => {
    (redirect[0] as HTMLInputElement).select();
    void navigator.clipboard?.writeText(details.redirectUri).then(
      () => ctx.notifySuccess(ctx.t('JS_XTIGER_COPIED')),
      () => document.execCommand('copy'),
    );
  });
  const scopeSet = select(
    'scopeSet',
    [
      { value: 'granular', label: ctx.t('JS_XTIGER_SCOPES_GRANULAR') },
      { value: 'broad', label: ctx.t('JS_XTIGER_SCOPES_BROAD') },
    ],
    details.scopeSet,
  );
  const save = button(ctx.t('JS_XTIGER_SAVE'), 'success', { 'data-action': 'save-api-details' });
  const errors = el('div', { class: 'xtiger-errors' });
  save.on('click', () => {
    const payload: Record<string, string> = { scopeSet: String(scopeSet.val()) };
    const id = String(clientId.val()).trim();
    if (id) payload['clientId'] = id;
    const s = String(secret.val());
    if (s) payload['clientSecret'] = s;
    errors.empty();
    save.prop('disabled', true);
    ctx.client.putJson<ApiDetailsView>(PATHS.apiDetails, payload).then(
      () => {
        ctx.notifySuccess(ctx.t('JS_XTIGER_SAVED'));
        void redraw(ctx, body);
      },
      (error: unknown) => {
        save.prop('disabled', false);
        errors.append(alertBox('danger', ctx.errorText(error)));
      },
    );
  });
  return el(
    'div',
    { class: 'block xtiger-api-details', style: 'padding:10px 0' },
    el('h5', {}, el('strong', {}, ctx.t('JS_XTIGER_XERO_APP'))),
    el('p', { class: 'text-muted' }, ctx.t('JS_XTIGER_XERO_APP_HELP')),
    el(
      'div',
      { class: 'form-horizontal' },
      formRow(ctx.t('JS_XTIGER_CLIENT_ID'), clientId),
      formRow(ctx.t('JS_XTIGER_CLIENT_SECRET'), secret, ctx.t('JS_XTIGER_SECRET_HELP')),
      formRow(ctx.t('JS_XTIGER_REDIRECT_URL'), el('div', { class: 'input-group' }, redirect, el('span', { class: 'input-group-btn' }, copy)), ctx.t('JS_XTIGER_REDIRECT_HELP')),
      formRow(ctx.t('JS_XTIGER_SCOPE_SET'), scopeSet, ctx.t('JS_XTIGER_SCOPES_LIST', (connection.scopes.length ? connection.scopes : details.scopes).join(' '))),
      el('div', { class: 'form-group' }, el('div', { class: 'col-sm-offset-3 col-sm-6' }, errors, save)),
    ),
  );
}

const STATE_KEYS = {
  not_configured: 'JS_XTIGER_STATE_NOT_CONFIGURED',
  not_connected: 'JS_XTIGER_STATE_NOT_CONNECTED',
  choose_tenant: 'JS_XTIGER_STATE_CHOOSE_TENANT',
  connected: 'JS_XTIGER_STATE_CONNECTED',
  reconnect_needed: 'JS_XTIGER_STATE_RECONNECT_NEEDED',
} as const;

function connectionPanel(ctx: ScreenContext, body: JQuery, details: ApiDetailsView, c: XeroConnectionStatus, health: ConnectionHealth | null): JQuery {
  const rows: Array<[string, string]> = [[ctx.t('JS_XTIGER_STATE'), ctx.t(STATE_KEYS[c.state])]];
  if (c.organisation) rows.push([ctx.t('JS_XTIGER_ORGANISATION'), c.organisation]);
  if (c.connectedAt) rows.push([ctx.t('JS_XTIGER_CONNECTED_AT'), formatTime(c.connectedAt)]);
  if (c.state === 'connected') rows.push([ctx.t('JS_XTIGER_TOKEN_HEALTH'), health ? healthText(ctx, health) : tokenHealth(ctx, c)]);
  if (c.lastRefreshAt) rows.push([ctx.t('JS_XTIGER_LAST_REFRESH'), formatTime(c.lastRefreshAt)]);
  const lastError = health ? health.lastError?.message : (c.refreshProblem?.message ?? (c.lastConnect && c.lastConnect.result !== 'connected' ? c.lastConnect.message : undefined) ?? c.message);
  if (lastError) rows.push([ctx.t('JS_XTIGER_LAST_ERROR'), lastError]);
  const state = health?.syncState.current;
  if (state && (state.links > 0 || state.queueEntries > 0)) rows.push([ctx.t('JS_XTIGER_SYNC_STATE'), ctx.t('JS_XTIGER_SYNC_STATE_COUNTS', state.links, state.queueEntries, state.checkpoints)]);

  const table = el('table', { class: 'table table-bordered xtiger-connection', 'data-xtiger-state': c.state });
  for (const [label, value] of rows) table.append(el('tr', {}, el('td', { class: 'fieldLabel', style: 'width:25%' }, label), el('td', { class: 'fieldValue' }, value)));

  const actions = el('div', { class: 'btn-toolbar' });
  const canConnect = details.clientId !== null && details.hasSecret;
  if (c.state === 'connected' || c.state === 'reconnect_needed') {
    actions.append(connectButton(ctx, ctx.t('JS_XTIGER_RECONNECT'), c, health), disconnectButton(ctx, body, c));
  } else if (c.state === 'choose_tenant') {
    actions.append(tenantChooser(ctx, body, c));
  } else {
    const connect = connectButton(ctx, ctx.t('JS_XTIGER_CONNECT'), c, health);
    if (!canConnect) connect.prop('disabled', true).attr('title', ctx.t('JS_XTIGER_CONNECT_NEEDS_APP'));
    actions.append(connect);
  }
  return el(
    'div',
    { class: 'block xtiger-connection-block', style: 'padding:10px 0' },
    el('h5', {}, el('strong', {}, ctx.t('JS_XTIGER_CONNECTION'))),
    (health?.nextStep ?? c.nextStep) ? el('p', { class: 'text-muted' }, health?.nextStep ?? c.nextStep ?? '') : null,
    table,
    health && c.organisation ? alertBox('info', health.syncState.onReconnect).attr('data-xtiger-on-reconnect', 'true') : null,
    actions,
  );
}

function tokenHealth(ctx: ScreenContext, c: XeroConnectionStatus): string {
  if (c.refreshProblem) return ctx.t('JS_XTIGER_TOKEN_PROBLEM', c.refreshProblem.failures, formatTime(c.refreshProblem.nextAttemptAt));
  return ctx.t('JS_XTIGER_TOKEN_OK', formatTime(c.accessTokenExpiresAt));
}

const HEALTH_KEYS = {
  ok: 'JS_XTIGER_HEALTH_OK',
  missing: 'JS_XTIGER_HEALTH_MISSING',
  undecryptable: 'JS_XTIGER_HEALTH_UNDECRYPTABLE',
  refresh_rejected: 'JS_XTIGER_HEALTH_REFRESH_REJECTED',
  refresh_failing: 'JS_XTIGER_HEALTH_REFRESH_FAILING',
  unchecked: 'JS_XTIGER_HEALTH_UNCHECKED',
} as const;

function healthText(ctx: ScreenContext, h: ConnectionHealth): string {
  const expiry = h.tokens.accessTokenExpiresAt ? ` ${ctx.t('JS_XTIGER_TOKEN_VALID_UNTIL', formatTime(h.tokens.accessTokenExpiresAt))}` : '';
  return ctx.t(HEALTH_KEYS[h.tokens.health]) + expiry;
}

function connectButton(ctx: ScreenContext, label: string, c: XeroConnectionStatus, health: ConnectionHealth | null): JQuery {
  const b = button(label, 'primary', { 'data-action': 'connect' });
  b.on('click', () => {
    void (async () => {
      // Links and checkpoints belong to one organisation: say so before the admin may pick another at Xero.
      const org = c.organisation ?? health?.syncState.current.organisation;
      if (org && !(await ctx.confirm(`${ctx.t('JS_XTIGER_RECONNECT_WARNING', org, org)} ${health?.syncState.onReconnect ?? ''}`.trim()))) return;
      b.prop('disabled', true);
      try {
        const started = await ctx.client.postJson<{ launchUrl: string }>(PATHS.connectStart);
        window.location.assign(started.launchUrl);
      } catch (error) {
        b.prop('disabled', false);
        ctx.notifyError(ctx.errorText(error));
      }
    })();
  });
  return b;
}

function disconnectButton(ctx: ScreenContext, body: JQuery, c: XeroConnectionStatus): JQuery {
  const b = button(ctx.t('JS_XTIGER_DISCONNECT'), 'danger', { 'data-action': 'disconnect' });
  b.on('click', () => {
    void (async () => {
      if (!(await ctx.confirm(ctx.t('JS_XTIGER_DISCONNECT_WARNING', c.organisation ?? '')))) return;
      b.prop('disabled', true);
      try {
        const answer = await ctx.client.deleteJson<DisconnectAnswer>(PATHS.connection);
        ctx.notifySuccess([ctx.t('JS_XTIGER_DISCONNECTED'), ...answer.notes].join(' '));
        await redraw(ctx, body);
      } catch (error) {
        b.prop('disabled', false);
        ctx.notifyError(ctx.errorText(error));
      }
    })();
  });
  return b;
}

function tenantChooser(ctx: ScreenContext, body: JQuery, c: XeroConnectionStatus): JQuery {
  const choice = select(
    'tenantId',
    c.tenantChoices.map((o) => ({ value: o.tenantId, label: o.tenantName })),
    undefined,
  );
  const choose = button(ctx.t('JS_XTIGER_CHOOSE_ORGANISATION'), 'primary', { 'data-action': 'choose-tenant' });
  choose.on('click', () => {
    choose.prop('disabled', true);
    ctx.client.postJson<XeroConnectionStatus>(PATHS.connectTenant, { tenantId: String(choice.val()) }).then(
      () => void redraw(ctx, body),
      (error: unknown) => {
        choose.prop('disabled', false);
        ctx.notifyError(ctx.errorText(error));
      },
    );
  });
  return el('div', { class: 'form-inline' }, choice.css({ width: 'auto', display: 'inline-block', marginRight: '8px' }), choose);
}
