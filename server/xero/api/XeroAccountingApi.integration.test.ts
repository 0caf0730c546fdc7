import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BankTransaction, Invoice, type Contact } from 'xero-node';
import { createSampleDatabase, type SampleDatabase } from '../../testing/sampleDatabase.js';
import { useXeroSandbox } from '../../xeroSandbox/testing/useXeroSandbox.js';
import { createVirtualClock } from '../../xeroSandbox/clock.js';
import { createSecretBox } from '../../crypto/secretBox.js';
import { createLogger } from '../../logging/logger.js';
import { isXTigerError } from '../../errors/XTigerError.js';
import { openXeroAccountingApi } from '../openXeroAccountingApi.js';
import { createXeroServices, type XeroServices } from '../xeroServices.js';
import type { XeroAccountingApi } from './XeroAccountingApi.js';

/**
 * XeroAccountingApi against the Xero sandbox enforcing Xero's limits, on a virtual clock shared by the sandbox and
 * our rate governor, with the real token store on MariaDB. The sandbox checks every request and response against
 * Xero's OpenAPI contract (useXeroSandbox fails the file on a violation).
 */
const clock = createVirtualClock();
const ctx = useXeroSandbox({ clock, limits: { perMinute: 60, concurrent: 5, perDay: 5000 }, latencyMs: 2 });
let db: SampleDatabase;
let services: XeroServices;
const logs: string[] = [];

beforeAll(async () => {
  db = await createSampleDatabase({ migrate: true });
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  services = createXeroServices({
    settings: { VTIGER_URL: 'http://vtiger.test', XERO_API_URL: ctx.sandbox.url, XERO_IDENTITY_URL: ctx.sandbox.url, XERO_LOGIN_URL: ctx.sandbox.url, XERO_DAILY_CALL_BUDGET: 5000 },
    knex: db.knex,
    logger: createLogger({ level: 'debug', destination: sink }),
    box: createSecretBox(randomBytes(32)),
    clock,
    // Real time (a socket timeout); long enough for a busy CI machine, short enough for the 'timeout' fault test.
    callTimeoutMs: 2500,
  });
  await services.apiDetails.save({ clientId: ctx.sandbox.demoApp.clientId, clientSecret: ctx.sandbox.demoApp.clientSecret });
  await connectDemoOrganisation();
});
afterAll(async () => {
  await db?.drop();
});

async function connectDemoOrganisation(): Promise<void> {
  const issued = ctx.sandbox.issueTokenSet();
  const tenants = await services.identity.listConnections(issued.access_token);
  await services.connections.create({
    tokens: { accessToken: issued.access_token, refreshToken: issued.refresh_token ?? '', expiresAt: clock.now() + issued.expires_in * 1000, scopes: issued.scope.split(' ') },
    tenants: tenants.filter((t) => t.tenantId === ctx.sandbox.demoTenantId),
    userId: 1,
    now: clock.now(),
  });
}

const unique = () => randomBytes(4).toString('hex');
const contactCount = () => ctx.sandbox.org(ctx.sandbox.demoTenantId).contacts.all().length;

describe('XeroAccountingApi against the sandbox', () => {
  it('a burst of 500 calls: no 429 reaches the caller, never more than 60 a minute or 5 at once', async () => {
    const apis: XeroAccountingApi[] = await Promise.all([1, 2, 3].map(() => openXeroAccountingApi(services)));
    const before = ctx.sandbox.stats();
    const t0 = clock.now();
    let next = 0;
    const outcomes: string[] = [];
    const worker = async (w: number) => {
      while (next < 500) {
        const n = next++;
        const api = apis[w % apis.length] as XeroAccountingApi;
        try {
          if (n % 3 === 0) await api.getTaxRates();
          else if (n % 3 === 1) await api.getCurrencies();
          else await api.getOrganisation();
          outcomes.push('ok');
        } catch (err) {
          outcomes.push(isXTigerError(err) ? err.code : 'other');
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, w) => worker(w)));
    const stats = ctx.sandbox.stats();
    expect(outcomes.filter((o) => o !== 'ok')).toEqual([]);
    expect(outcomes).toHaveLength(500);
    expect(stats.calls - before.calls).toBe(500);
    expect(stats.rejected429 - before.rejected429).toBe(0);
    expect(stats.peakPerMinute).toBeLessThanOrEqual(60);
    expect(stats.peakConcurrent).toBeLessThanOrEqual(5);
    const minutes = (clock.now() - t0) / 60_000;
    expect(minutes).toBeGreaterThanOrEqual(8);
    expect(minutes).toBeLessThan(10);
  });

  it('a 120-contact batch with 3 invalid elements: 117 created, 3 typed element errors naming the element and field', async () => {
    const api = await openXeroAccountingApi(services);
    const run = unique();
    const contacts: Contact[] = Array.from({ length: 120 }, (_, i) => ({ name: `Batch ${run} ${i}`, contactNumber: `B${run}-${i}`, emailAddress: `c${i}@example.com` }));
    contacts[7] = { ...contacts[7], emailAddress: 'not-an-email' };
    contacts[64] = { ...contacts[64], name: 'x'.repeat(256) };
    contacts[101] = { ...contacts[101], contactNumber: 'N'.repeat(51) };
    const before = contactCount();
    const result = await api.createContacts(contacts);
    expect(result.calls).toBe(3);
    expect(result.succeeded).toHaveLength(117);
    expect(result.succeeded.every((c) => typeof c.contactID === 'string' && c.contactID.length === 36)).toBe(true);
    expect(contactCount() - before).toBe(117);
    expect(result.failed.map((e) => [e.index, e.field])).toEqual([
      [7, 'EmailAddress'],
      [64, 'Name'],
      [101, 'ContactNumber'],
    ]);
    expect(result.failed[0]?.message).toBe(`contact "Batch ${run} 7" (contact number B${run}-7) (#8), field EmailAddress: Email address must be valid.`);
    expect(result.failed[1]?.message).toContain('must not be more than 255 characters');
    expect(result.failed.every((e) => e.code === 'XERO_VALIDATION')).toBe(true);
    expect(result.results.map((r) => r.index)).toEqual(Array.from({ length: 120 }, (_, i) => i));
  });

  it('a write retried after a lost response (network drop after commit), a 500 and a timeout creates nothing twice', async () => {
    const api = await openXeroAccountingApi(services);
    const run = unique();
    const before = contactCount();
    const writesBefore = ctx.sandbox.stats().writes;
    ctx.sandbox.failNext(1, 'network-drop-after-commit');
    const first = await api.createContacts([1, 2, 3].map((i) => ({ name: `Dropped ${run} ${i}` })));
    expect(first.succeeded).toHaveLength(3);
    expect(contactCount() - before).toBe(3);
    expect(ctx.sandbox.stats().writes - writesBefore).toBe(3);
    // The sync engine retries the same write later (say after a crash): same content → same key → the first answer.
    const again = await api.createContacts([1, 2, 3].map((i) => ({ name: `Dropped ${run} ${i}` })));
    expect(again.succeeded.map((c) => c.contactID)).toEqual(first.succeeded.map((c) => c.contactID));
    expect(contactCount() - before).toBe(3);

    ctx.sandbox.failNext(1, '500');
    ctx.sandbox.failNext(1, 'timeout');
    const later = await api.createContacts([{ name: `After faults ${run}` }]);
    expect(later.succeeded).toHaveLength(1);
    expect(contactCount() - before).toBe(4);
  });

  it('reads pages with If-Modified-Since in UpdatedDateUTC order, archived contacts included', async () => {
    const api = await openXeroAccountingApi(services);
    clock.advance(60_000);
    const since = new Date(clock.now());
    clock.advance(2_000);
    const run = unique();
    const created = await api.createContacts(Array.from({ length: 130 }, (_, i) => ({ name: `Paged ${run} ${i}`, contactNumber: `P${run}-${i}` })));
    expect(created.failed).toEqual([]);
    const firstId = created.succeeded[0]?.contactID ?? '';
    clock.advance(2_000);
    const archived = await api.saveContacts([{ contactID: firstId, contactStatus: 'ARCHIVED' as unknown as Contact.ContactStatusEnum }]);
    expect(archived.failed).toEqual([]);
    const pages = [];
    for await (const page of api.readContacts({ modifiedSince: since, pageSize: 50 })) pages.push(page);
    expect(pages.map((p) => p.items.length)).toEqual([50, 50, 30]);
    expect(pages.map((p) => p.more)).toEqual([true, true, false]);
    const all = pages.flatMap((p) => p.items);
    const stamps = all.map((c) => c.updatedDateUTC ?? '');
    expect([...stamps].sort()).toEqual(stamps);
    expect(stamps.every((s) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(s))).toBe(true);
    expect(all.at(-1)?.contactID).toBe(firstId);
    expect(String(all.at(-1)?.contactStatus)).toBe('ARCHIVED');
    expect(pages.at(-1)?.lastUpdatedDateUTC).toBe(stamps.at(-1));
    const byId = await api.getContactsById([firstId]);
    expect(byId.map((c) => c.contactID)).toEqual([firstId]);
  });

  it('settings, items, invoices (ACCREC and ACCPAY), payments and RECEIVE bank transactions round-trip', async () => {
    const api = await openXeroAccountingApi(services);
    const run = unique();
    const org = await api.getOrganisation();
    expect(org.name).toBe('XTiger Demo Company');
    const accounts = await api.getAccounts();
    const bank = accounts.find((a) => String(a.type) === 'BANK');
    expect(bank?.code).toBe('090');
    expect((await api.getTaxRates()).some((t) => t.taxType === 'OUTPUT')).toBe(true);
    expect((await api.getCurrencies()).length).toBeGreaterThan(0);

    const items = await api.createItems([{ code: `IT-${run}`, name: `Item ${run}`, salesDetails: { unitPrice: 12.3456, accountCode: '200' } }]);
    expect(items.failed).toEqual([]);
    expect((await api.getItems({ where: `Code=="IT-${run}"` })).map((i) => i.code)).toEqual([`IT-${run}`]);

    const line = { description: 'Consulting', quantity: 2, unitAmount: 100.1234, accountCode: '200', taxType: 'OUTPUT' };
    const invoices = await api.createInvoices([
      { type: Invoice.TypeEnum.ACCREC, contact: { name: `Customer ${run}` }, date: '2026-01-05', dueDate: '2026-02-04', lineItems: [line], status: Invoice.StatusEnum.AUTHORISED, reference: `R-${run}` },
      { type: Invoice.TypeEnum.ACCPAY, contact: { name: `Supplier ${run}` }, date: '2026-01-05', dueDate: '2026-02-04', lineItems: [{ ...line, accountCode: '429', taxType: 'INPUT' }], status: Invoice.StatusEnum.DRAFT, invoiceNumber: `BILL-${run}` },
    ]);
    expect(invoices.failed).toEqual([]);
    const sale = invoices.succeeded[0];
    expect(sale?.date).toBe('2026-01-05');
    expect(sale?.dueDate).toBe('2026-02-04');
    const payments = await api.createPayments([{ invoice: { invoiceID: sale?.invoiceID ?? '' }, account: { code: '090' }, date: '2026-01-10', amount: 10 }]);
    expect(payments.failed).toEqual([]);
    expect(payments.succeeded[0]?.date).toBe('2026-01-10');
    const receipts = await api.createBankTransactions([
      { type: BankTransaction.TypeEnum.RECEIVE, contact: { name: `Customer ${run}` }, bankAccount: { code: '090' }, date: '2026-01-11', lineItems: [{ description: 'Cash sale', quantity: 1, unitAmount: 50, accountCode: '200' }], reference: `RCV-${run}` },
    ]);
    expect(receipts.failed).toEqual([]);

    const seen = { sales: 0, bills: 0, payments: 0, receipts: 0 };
    for await (const p of api.readInvoices({ type: 'ACCREC' })) seen.sales += p.items.filter((i) => i.reference === `R-${run}`).length;
    for await (const p of api.readInvoices({ type: 'ACCPAY' })) seen.bills += p.items.filter((i) => i.invoiceNumber === `BILL-${run}`).length;
    for await (const p of api.readPayments()) seen.payments += p.items.filter((x) => x.invoice?.invoiceID === sale?.invoiceID).length;
    for await (const p of api.readBankTransactions()) seen.receipts += p.items.filter((x) => x.reference === `RCV-${run}`).length;
    expect(seen).toEqual({ sales: 1, bills: 1, payments: 1, receipts: 1 });
    const [again] = await api.getInvoicesById([sale?.invoiceID ?? '']);
    expect(again?.amountDue).toBeCloseTo(Number(again?.total) - 10, 2);
  });

  it('a failing call and a failing refresh log what happened and no token or secret', async () => {
    const api = await openXeroAccountingApi(services);
    const conn = await services.connections.current();
    const tokens = conn ? await services.connections.tokens(conn.id) : undefined;
    if (!conn || !tokens) throw new Error('not connected');
    const logStart = logs.length;
    ctx.sandbox.failNext(5, '500');
    const failed = await api.getOrganisation().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isXTigerError(failed, 'XERO_SERVER')).toBe(true);

    // Xero revokes everything: the next call is a 401, the renewal meets invalid_grant → reconnect needed.
    ctx.sandbox.revokeAllTokens();
    const revoked = await api.getOrganisation().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isXTigerError(revoked, 'XERO_RECONNECT_NEEDED')).toBe(true);
    expect((await services.connections.get(conn.id))?.status).toBe('reconnect_needed');
    const text = logs.slice(logStart).join('');
    expect(text).toContain('Xero call failed; retrying');
    expect(text).toContain('Xero rejected the refresh token');
    const errorText = JSON.stringify([(failed as Error).message, (revoked as Error).message, (failed as { toJSON(): unknown }).toJSON()]);
    for (const secret of [tokens.accessToken, tokens.refreshToken, ctx.sandbox.demoApp.clientSecret, ...tokens.accessToken.split('.')]) {
      expect(text).not.toContain(secret);
      expect(errorText).not.toContain(secret);
    }
  });
});
