import type { WebhookSettingsView } from '../../../server/http/contracts/apiDetails.js';
import { alertBox, button, el, formRow, input } from '../dom.js';
import { PATHS } from './paths.js';
import type { ScreenContext } from './screenContext.js';

/**
 * API Details → changes from Xero within seconds: the delivery URL to enter in the Xero app's webhooks, and the
 * webhook key, write-only like the client secret — the page only ever learns whether a key is set and where from
 * (contract: server/http/contracts/apiDetails.ts, `webhook`, PUT/DELETE /api/xero/webhook-key).
 */
const KEY_STATE = {
  saved: 'JS_XTIGER_WEBHOOK_KEY_SAVED',
  environment: 'JS_XTIGER_WEBHOOK_KEY_ENVIRONMENT',
  none: 'JS_XTIGER_WEBHOOK_KEY_NONE',
} as const;

export function webhookPanel(ctx: ScreenContext, webhook: WebhookSettingsView, redraw: () => Promise<void>): JQuery {
  const url = input('webhookUrl', webhook.url, { readonly: true });
  const copy = button(ctx.t('JS_XTIGER_COPY'), 'default', { 'data-action': 'copy-webhook-url' });
  copy.on('click', () => {
    (url[0] as HTMLInputElement).select();
    void navigator.clipboard?.writeText(webhook.url).then(
      () => ctx.notifySuccess(ctx.t('JS_XTIGER_COPIED')),
      () => document.execCommand('copy'),
    );
  });

  const state = el('p', { class: `form-control-static ${webhook.key === 'none' ? 'text-danger' : 'text-success'}`, 'data-xtiger-webhook-key': webhook.key }, ctx.t(KEY_STATE[webhook.key]));
  const key = input('webhookKey', '', { type: 'password', autocomplete: 'new-password', spellcheck: 'false', placeholder: ctx.t('JS_XTIGER_WEBHOOK_KEY_PLACEHOLDER') });
  const errors = el('div', { class: 'xtiger-errors', style: 'margin-top:8px' });
  const save = button(ctx.t('JS_XTIGER_SAVE_WEBHOOK_KEY'), 'primary', { 'data-action': 'save-webhook-key' });
  save.on('click', () => {
    errors.empty();
    save.prop('disabled', true);
    ctx.client.putJson<WebhookSettingsView>(PATHS.webhookKey, { key: String(key.val()) }).then(
      () => {
        ctx.notifySuccess(ctx.t('JS_XTIGER_SAVED'));
        void redraw();
      },
      (error: unknown) => {
        save.prop('disabled', false);
        errors.append(alertBox('danger', ctx.errorText(error)).attr('data-xtiger-validation', 'true'));
      },
    );
  });
  const clear = webhook.key === 'saved' ? button(ctx.t('JS_XTIGER_CLEAR_WEBHOOK_KEY'), 'default', { 'data-action': 'clear-webhook-key' }) : null;
  clear?.on('click', () => {
    void (async () => {
      if (!(await ctx.confirm(ctx.t('JS_XTIGER_CLEAR_WEBHOOK_KEY_CONFIRM')))) return;
      clear.prop('disabled', true);
      try {
        await ctx.client.deleteJson<WebhookSettingsView>(PATHS.webhookKey);
        ctx.notifySuccess(ctx.t('JS_XTIGER_WEBHOOK_KEY_REMOVED'));
        await redraw();
      } catch (error) {
        clear.prop('disabled', false);
        ctx.notifyError(ctx.errorText(error));
      }
    })();
  });

  return el(
    'div',
    { class: 'block xtiger-webhooks', style: 'padding:10px 0' },
    el('h5', {}, el('strong', {}, ctx.t('JS_XTIGER_WEBHOOKS'))),
    el('p', { class: 'text-muted' }, ctx.t('JS_XTIGER_WEBHOOKS_HELP')),
    el(
      'div',
      { class: 'form-horizontal' },
      formRow(ctx.t('JS_XTIGER_WEBHOOK_URL'), el('div', { class: 'input-group' }, url, el('span', { class: 'input-group-btn' }, copy)), ctx.t('JS_XTIGER_WEBHOOK_URL_HELP')),
      webhook.urlIsPublic ? null : el('div', { class: 'form-group' }, el('div', { class: 'col-sm-offset-3 col-sm-6' }, alertBox('warning', ctx.t('JS_XTIGER_WEBHOOK_URL_NOT_PUBLIC')).attr('data-xtiger-webhook-url', 'not-public'))),
      formRow(ctx.t('JS_XTIGER_WEBHOOK_KEY'), el('div', {}, state, key), ctx.t('JS_XTIGER_SECRET_HELP')),
      el('div', { class: 'form-group' }, el('div', { class: 'col-sm-offset-3 col-sm-6' }, errors, el('div', { class: 'btn-toolbar' }, save, clear))),
    ),
  );
}
