import { alertBox, button, el, formRow, input, select } from '../dom.js';
import type { Screen, ScreenContext } from './screenContext.js';
import { settingsApi, type NotificationSettings, type NotificationSettingsView } from './settingsApi.js';

/** Settings → XTiger → Notifications: recipients, frequency, language of the report, and the SMTP server used. */
export const notificationsScreen: Screen = async (ctx, body) => {
  draw(ctx, body, await settingsApi(ctx.client).notifications());
};

function draw(ctx: ScreenContext, body: JQuery, view: NotificationSettingsView): void {
  const recipients = el('textarea', { class: 'inputElement form-control', name: 'recipients', rows: 3 });
  recipients.val(view.recipients.join('\n'));
  const frequency = select(
    'frequency',
    view.options.frequencies.map((f) => ({ value: f, label: ctx.t(`JS_XTIGER_FREQUENCY_${f.toUpperCase() as 'OFF' | 'EACH_SYNC' | 'DAILY' | 'WEEKLY' | 'MONTHLY'}`) })),
    view.frequency,
  );
  const language = select(
    'language',
    [
      { value: 'en_us', label: 'English' },
      { value: 'ja_jp', label: '日本語' },
    ],
    view.language,
  );
  const own = view.smtp.source === 'own' ? view.smtp : undefined;
  const vtigerServer = view.vtigerOutgoingServer;
  const source = select(
    'smtpSource',
    [
      { value: 'vtiger', label: vtigerServer ? ctx.t('JS_XTIGER_SMTP_VTIGER_AT', vtigerServer.host) : ctx.t('JS_XTIGER_SMTP_VTIGER_NONE') },
      { value: 'own', label: ctx.t('JS_XTIGER_SMTP_OWN') },
    ],
    view.smtp.source,
  );
  const host = input('smtpHost', own?.host);
  const port = input('smtpPort', own?.port ?? 587, { type: 'number', min: 1, max: 65535 });
  const secure = el('input', { type: 'checkbox', name: 'smtpSecure', checked: own?.secure ?? false });
  const username = input('smtpUsername', own?.username);
  const password = input('smtpPassword', '', { type: 'password', autocomplete: 'new-password', placeholder: view.hasSmtpPassword ? ctx.t('JS_XTIGER_SECRET_STORED') : '' });
  const fromEmail = input('smtpFromEmail', own?.fromEmail);
  const fromName = input('smtpFromName', own?.fromName ?? 'XTiger');
  const ownBox = el(
    'div',
    { class: 'xtiger-own-smtp' },
    formRow(ctx.t('JS_XTIGER_SMTP_HOST'), host),
    formRow(ctx.t('JS_XTIGER_SMTP_PORT'), port),
    formRow(ctx.t('JS_XTIGER_SMTP_SECURE'), el('label', { class: 'checkbox-inline' }, secure, ' ', ctx.t('JS_XTIGER_SMTP_SECURE_HELP'))),
    formRow(ctx.t('JS_XTIGER_SMTP_USERNAME'), username),
    formRow(ctx.t('JS_XTIGER_SMTP_PASSWORD'), password, ctx.t('JS_XTIGER_SECRET_HELP')),
    formRow(ctx.t('JS_XTIGER_SMTP_FROM_EMAIL'), fromEmail),
    formRow(ctx.t('JS_XTIGER_SMTP_FROM_NAME'), fromName),
  );
  ownBox.toggle(view.smtp.source === 'own');
  source.on('change', () => ownBox.toggle(source.val() === 'own'));

  const errors = el('div', { class: 'xtiger-errors' });
  const save = button(ctx.t('JS_XTIGER_SAVE'), 'success', { 'data-action': 'save-notifications' });
  save.on('click', () => {
    const next: NotificationSettings = {
      recipients: String(recipients.val())
        .split(/[\s,;]+/)
        .map((r) => r.trim())
        .filter(Boolean),
      frequency: frequency.val() as NotificationSettings['frequency'],
      language: language.val() as NotificationSettings['language'],
      smtp:
        source.val() === 'own'
          ? { source: 'own', host: String(host.val()).trim(), port: Number(port.val()), secure: secure.prop('checked') as boolean, username: String(username.val()), fromEmail: String(fromEmail.val()).trim(), fromName: String(fromName.val()) }
          : { source: 'vtiger' },
    };
    const pw = String(password.val());
    errors.empty();
    save.prop('disabled', true);
    settingsApi(ctx.client)
      .saveNotifications(next, pw === '' ? undefined : pw)
      .then(
        (saved) => {
          ctx.notifySuccess(ctx.t('JS_XTIGER_SAVED'));
          draw(ctx, body, saved);
        },
        (error: unknown) => {
          save.prop('disabled', false);
          errors.append(alertBox('danger', ctx.errorText(error)));
        },
      );
  });
  body.empty().append(
    el(
      'div',
      { class: 'form-horizontal' },
      formRow(ctx.t('JS_XTIGER_RECIPIENTS'), recipients, ctx.t('JS_XTIGER_RECIPIENTS_HELP')),
      formRow(ctx.t('JS_XTIGER_FREQUENCY'), frequency),
      formRow(ctx.t('JS_XTIGER_REPORT_LANGUAGE'), language),
      formRow(ctx.t('JS_XTIGER_SMTP_SOURCE'), source),
      ownBox,
      el('div', { class: 'form-group' }, el('div', { class: 'col-sm-offset-3 col-sm-6' }, errors, save)),
    ),
  );
}
