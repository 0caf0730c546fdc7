import { describe, expect, it } from 'vitest';
import { translate } from '../i18n/translate.js';
import { conflictFieldsOf } from './recordPanel.js';
import { nextRunAt } from './nextRun.js';
import { xeroDeepLink } from './xeroDeepLink.js';

describe('xeroDeepLink', () => {
  const id = '3e776c4b-ea9e-4bb1-96be-6b0c7a71a37f';
  it('opens the record in the connected organisation when its short code is known', () => {
    const link = xeroDeepLink('invoice', id, '!NLglS');
    expect(link).toMatchObject({ kind: 'invoice', exact: true });
    const url = new URL(link.url);
    expect(url.origin + url.pathname).toBe('https://go.xero.com/organisationlogin/default.aspx');
    expect(url.searchParams.get('shortcode')).toBe('!NLglS');
    expect(url.searchParams.get('redirecturl')).toBe(`/AccountsReceivable/View.aspx?InvoiceID=${id}`);
  });
  it('links a person to its organisation\'s contact, bills to their page, items to the list', () => {
    expect(xeroDeepLink('contact', `${id}#person:12`, undefined).url).toBe(`https://go.xero.com/Contacts/View/${id}`);
    expect(xeroDeepLink('bill', id, undefined).url).toBe(`https://go.xero.com/AccountsPayable/Edit.aspx?InvoiceID=${id}`);
    expect(xeroDeepLink('item', id, undefined)).toEqual({ url: 'https://go.xero.com/Accounts/Inventory/', kind: 'item', exact: false });
  });
});

describe('conflictFieldsOf', () => {
  it('reads both sides of each field back from an English or Japanese conflict message', () => {
    for (const lang of ['en_us', 'ja_jp']) {
      const message = [
        translate(lang, 'sync.conflict.held', { record: 'ACC1 Acme', fields: 'Phone, City' }),
        translate(lang, 'sync.conflict.values', { field: 'Phone', vtiger: '+1 555 0100', xero: '' }),
        translate(lang, 'sync.conflict.values', { field: 'City', vtiger: 'Berlin', xero: 'Köln, "Altstadt"' }),
      ].join(' ');
      expect(conflictFieldsOf(message), lang).toEqual([
        { field: 'Phone', label: 'Phone', vtigerValue: '+1 555 0100', xeroValue: '' },
        { field: 'City', label: 'City', vtigerValue: 'Berlin', xeroValue: 'Köln, "Altstadt"' },
      ]);
    }
  });
  it('answers no fields for a message without value lines', () => {
    expect(conflictFieldsOf('Something else happened.')).toEqual([]);
  });
});

describe('nextRunAt', () => {
  const now = new Date('2026-12-03T10:00:00Z');
  it('every N minutes: N after the later of the last run and the save, never in the past; off: null', () => {
    expect(nextRunAt({ kind: 'every', minutes: 15 }, { now, lastRunAt: new Date('2026-12-03T09:50:00Z'), savedAt: new Date('2026-12-01T00:00:00Z') })?.toISOString()).toBe('2026-12-03T10:05:00.000Z');
    expect(nextRunAt({ kind: 'every', minutes: 15 }, { now, lastRunAt: null, savedAt: new Date('2026-12-03T09:00:00Z') })?.toISOString()).toBe(now.toISOString());
    expect(nextRunAt({ kind: 'off' }, { now, lastRunAt: null, savedAt: now })).toBeNull();
  });
  it('a cron expression: its next match', () => {
    const next = nextRunAt({ kind: 'cron', expression: '*/10 * * * *' }, { now, lastRunAt: null, savedAt: now });
    expect(next).not.toBeNull();
    expect((next as Date).getUTCMinutes() % 10).toBe(0);
    expect((next as Date).getTime()).toBeGreaterThan(Date.now() - 1000);
    expect((next as Date).getTime() - Date.now()).toBeLessThanOrEqual(10 * 60_000);
  });
});
