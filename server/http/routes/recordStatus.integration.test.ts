import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installXTigerModules, uninstallXTigerModules } from '../../testing/moduleInstaller/installXTigerModules.js';
import { createSampleDatabase, type SampleDatabase } from '../../testing/sampleDatabase.js';
import { startTestApp, type TestApp } from '../../testing/startTestApp.js';
import { translate } from '../../i18n/translate.js';
import { saveWaits } from '../../sync/run/waits.js';
import { reason } from '../../sync/types.js';
import { writeXTLogEntries } from '../../vtiger/ownModules/xtLog.js';
import { recordXeroStatusSchema } from '../contracts/recordStatus.js';

/** GET /api/records/:module/:id/xero-status against the sample Vtiger database with XTiger's modules installed. */
describe('record Xero status endpoint', () => {
  let db: SampleDatabase;
  let app: TestApp;
  let contactId: number;
  let invoiceId: number;
  beforeAll(async () => {
    db = await createSampleDatabase({ migrate: true });
    await installXTigerModules(db.knex);
    app = await startTestApp(db);
    contactId = ((await db.knex('vtiger_crmentity').where({ setype: 'Contacts', deleted: 0 }).orderBy('crmid').first('crmid')) as { crmid: number }).crmid;
    invoiceId = ((await db.knex('vtiger_crmentity').where({ setype: 'Invoice', deleted: 0 }).orderBy('crmid').first('crmid')) as { crmid: number }).crmid;
    await db.knex('vtiger_contactscf').where({ contactid: contactId }).update({
      xt_allow_sync: '1', xt_xero_id: '7f1c2a9e-0000-4c1d-9e3a-1234567890ab', xt_sync_status: 'Synced', xt_last_sync: '2026-03-04 05:06:07',
    });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const get = async (path: string, token?: string) => {
    const res = await fetch(`${app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('answers the values of the Xero Information block, as the contract says', async () => {
    const { status, body } = await get(`/api/records/Contacts/${contactId}/xero-status`, await app.tokenFor({ userId: 1, isAdmin: false }));
    expect(status).toBe(200);
    expect(recordXeroStatusSchema.parse(body)).toEqual({
      module: 'Contacts',
      recordId: contactId,
      allowSync: true,
      xeroId: '7f1c2a9e-0000-4c1d-9e3a-1234567890ab',
      syncStatus: 'Synced',
      lastSync: '2026-03-04T05:06:07.000Z',
      xero: { kind: 'contact', exact: true, url: 'https://go.xero.com/Contacts/View/7f1c2a9e-0000-4c1d-9e3a-1234567890ab' },
      recentLog: [],
      conflict: null,
      waiting: null,
    });
  });

  it('answers a never-synced record with empty values', async () => {
    const { status, body } = await get(`/api/records/Invoice/${invoiceId}/xero-status`, await app.tokenFor());
    expect(status).toBe(200);
    expect(body).toEqual({ module: 'Invoice', recordId: invoiceId, allowSync: false, xeroId: null, syncStatus: null, lastSync: null, xero: null, recentLog: [], conflict: null, waiting: null });
  });

  it('says why an invoice waits for its locked Xero document, and offers no Keep Vtiger / Keep Xero for it', async () => {
    const xeroId = '5a0c2a9e-0000-4c1d-9e3a-1234567890ab';
    await db.knex('vtiger_invoicecf').where({ invoiceid: invoiceId }).update({ xt_xero_id: xeroId, xt_sync_status: 'Conflict', xt_last_sync: '2026-03-04 05:06:07' });
    const why = reason('invoice.waiting.locked', { record: 'INV1', document: 'sales invoice', number: 'INV1', status: 'AUTHORISED' });
    await saveWaits(db.knex, 'Invoice', [{ crmid: invoiceId, wait: { cause: 'locked', ref: xeroId, reason: why, factsHash: 'h' } }], new Date('2026-03-04T05:06:07Z'));
    await writeXTLogEntries(db.knex, [{
      module: 'Invoice', relatedTo: invoiceId, xeroId, direction: 'Vtiger to Xero', action: 'Skip', status: 'Conflict', message: translate('en_us', why.key, why.params),
      runId: 'run-1', trigger: 'Scheduled', emailStatus: 'Pending', startedAt: new Date('2026-03-04T05:06:07Z'), finishedAt: new Date('2026-03-04T05:06:08Z'), ownerId: 1,
    }], { actingUserId: 1 });
    const { status, body } = await get(`/api/records/Invoice/${invoiceId}/xero-status`, await app.tokenFor());
    expect(status).toBe(200);
    const answer = recordXeroStatusSchema.parse(body);
    expect(answer).toMatchObject({ syncStatus: 'Conflict', conflict: null, waiting: { cause: 'locked', since: '2026-03-04T05:06:07.000Z' } });
    expect(answer.waiting?.message).toBe(translate('en_us', why.key, why.params));
    expect(answer.waiting?.message).toMatch(/INV1 is AUTHORISED and Xero allows no edits to it, so the change waits/);
    expect(answer.recentLog.map((l) => l.status)).toEqual(['Conflict']);
    await saveWaits(db.knex, 'Invoice', [{ crmid: invoiceId, wait: undefined }], new Date());
  });

  it('refuses unknown modules, records of another module, deleted records and requests without a token', async () => {
    const token = await app.tokenFor();
    expect((await get(`/api/records/Leads/${contactId}/xero-status`, token)).status).toBe(400);
    const wrongModule = await get(`/api/records/Accounts/${contactId}/xero-status`, token);
    expect(wrongModule.status).toBe(404);
    // The same answer for a missing record and one the user may not see (it does not tell which).
    expect(wrongModule.body).toMatchObject({ error: { code: 'NOT_FOUND', message: 'This Accounts record does not exist, was deleted, or you may not see it.' } });
    const missing = await get(`/api/records/Contacts/99999999/xero-status`, token);
    expect(missing.status).toBe(404);
    expect(JSON.stringify(missing.body)).not.toContain('99999999');
    expect((await get(`/api/records/Contacts/${contactId}/xero-status`)).status).toBe(401);
  });

  it('says XTiger is missing when its fields are not installed', async () => {
    await uninstallXTigerModules(db.knex);
    const { status, body } = await get(`/api/records/Contacts/${contactId}/xero-status`, await app.tokenFor());
    expect(status).toBe(409);
    expect(body).toMatchObject({ error: { code: 'VTIGER_UNKNOWN_FIELD' } });
    expect(String((body['error'] as { message: string }).message)).toContain('install or enable the XTiger module');
  });
});
