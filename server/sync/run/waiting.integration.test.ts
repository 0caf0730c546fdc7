import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVtigerWebserviceClient, type VtigerWebserviceClient } from '../../vtiger/webservice/index.js';
import { runSync } from './runSync.js';
import { startSyncHarness, type SyncHarness } from './testing/syncHarness.js';
import type { RunSummary } from './types.js';
import { closeSyncHarness } from './testing/closeSyncHarness.js';

/**
 * Issue 10, items 3 and 4: a record refused for a cause outside itself waits with that cause and goes by itself as
 * soon as the cause is gone; a record refused for its own data needs an edit. Messages say the root cause, one line
 * per record per run, and a run with nothing to do logs nothing.
 * Scenario: Globex GmbH has an invalid e-mail (Xero refuses it), so its contact and its invoice wait for it; the
 * group-tax invoice needs a 27 % rate the Xero organisation lacks. Then the e-mail is fixed in Vtiger and the rate
 * is created in Xero: the next run sends everything, with no edit of the waiting records.
 */
const GLOBEX = 3;
const GLOBEX_INVOICE = 16;
let h: SyncHarness;
let ws: VtigerWebserviceClient;
let globexPerson: number;
let taxInvoices: number[];
const org = () => h.sandbox.org(h.tenantId);
const sync = async (): Promise<RunSummary> => runSync(await h.deps(), { trigger: 'scheduled' });
const linesOf = async (runId: string) => (await h.db.knex('vtiger_xtlog').where('xtl_run_id', runId).select('xtl_related_to', 'xtl_status', 'xtl_message')) as Array<{ xtl_related_to: number | null; xtl_status: string; xtl_message: string }>;
const queueOf = async (crmid: number) => (await h.db.knex('vtiger_xtqueue').where('xtq_related_to', crmid).select('xtq_status', 'xtq_attempts')) as Array<{ xtq_status: string; xtq_attempts: number }>;
const waitOf = async (crmid: number) => (await h.db.knex('xtiger_record_waits').where('crmid', crmid).first('cause', 'ref')) as { cause: string; ref: string | null } | undefined;
const COMBINED = ['VAT + Sales', 'VAT + Sales + Service'];
const COMPONENTS: Record<string, Array<[string, number]>> = { 'VAT + Sales': [['VAT', 4.5], ['Sales', 10]], 'VAT + Sales + Service': [['VAT', 4.5], ['Sales', 10], ['Service', 12.5]] };

beforeAll(async () => {
  h = await startSyncHarness();
  ws = await createVtigerWebserviceClient({ knex: h.db.knex, url: h.double.url, userName: 'admin' });
  await ws.revise({ id: `11x${GLOBEX}`, email1: 'info(at)globex' });
  const person = (await h.db.knex('vtiger_contactdetails').where('accountid', GLOBEX).first('contactid')) as { contactid: number };
  globexPerson = Number(person.contactid);
  // The combined rates the sample invoices' taxes need are gone from the Xero organisation.
  for (const name of COMBINED) {
    const rate = org().taxRates.all().find((r) => r.Name === name);
    if (!rate) throw new Error(`no rate ${name} in the sandbox`);
    org().taxRates.put({ ...rate, Status: 'DELETED' });
  }
  h.clock.advance(5_000);
}, 120_000);

afterAll(() => closeSyncHarness(h));

describe('dirty data in one run', () => {
  let first: RunSummary;

  it('completes; the organization is refused for its e-mail, and its contact and invoice wait for it, saying why', async () => {
    first = await sync();
    expect(first.stopped).toBeUndefined();
    const lines = await linesOf(first.runId);
    const of = (crmid: number) => lines.filter((l) => l.xtl_related_to === crmid);
    expect(of(GLOBEX)).toHaveLength(1);
    expect(of(GLOBEX)[0]?.xtl_message).toMatch(/Email address must be valid/);
    expect(of(globexPerson)).toHaveLength(1);
    expect(of(globexPerson)[0]?.xtl_message).toMatch(/waits for its organization Globex GmbH: Globex GmbH was refused: .*Email address must be valid/);
    expect(of(GLOBEX_INVOICE)).toHaveLength(1);
    expect(of(GLOBEX_INVOICE)[0]?.xtl_message).toMatch(/waits for its organization Globex GmbH: Globex GmbH was refused: .*Email address must be valid/);
    expect(of(GLOBEX_INVOICE)[0]?.xtl_message).not.toMatch(/Sync .* first/);
    // The summary counts each record once.
    expect(first.pairs.accounts).toMatchObject({ failed: 1, created: 2 });
    // Every record has at most one line in the run.
    const perRecord = new Map<number, number>();
    for (const l of lines) if (l.xtl_related_to !== null) perRecord.set(l.xtl_related_to, (perRecord.get(l.xtl_related_to) ?? 0) + 1);
    expect([...perRecord.values()].every((n) => n === 1)).toBe(true);
  });

  it('the invoice needing a tax rate the organisation lacks waits on XTQueue with that cause; the organization needs action and is not queued', async () => {
    const refused = first.records.filter((r) => r.pair === 'invoices' && /tax rate/.test(r.message));
    expect(refused.length, JSON.stringify(first.records.filter((r) => r.pair === 'invoices'))).toBeGreaterThanOrEqual(1);
    taxInvoices = refused.map((r) => r.crmid as number);
    for (const crmid of taxInvoices) {
      expect(await waitOf(crmid)).toMatchObject({ cause: 'taxRate' });
      expect(await queueOf(crmid)).toEqual([{ xtq_status: 'Queued', xtq_attempts: 0 }]);
    }
    expect(await waitOf(GLOBEX_INVOICE)).toEqual({ cause: 'parent', ref: String(GLOBEX) });
    expect(await queueOf(GLOBEX_INVOICE)).toEqual([{ xtq_status: 'Queued', xtq_attempts: 0 }]);
    expect(await waitOf(globexPerson)).toEqual({ cause: 'parent', ref: String(GLOBEX) });
    expect(await waitOf(GLOBEX)).toMatchObject({ cause: 'needsAction' });
    expect(await queueOf(GLOBEX)).toEqual([]);
  });

  it('a later run with nothing changed logs nothing and retries nothing', async () => {
    h.clock.advance(30 * 60_000);
    const writes = h.sandbox.stats().writes;
    const factReads = () => (h.sandbox.stats().byOperation['getTaxRates'] ?? 0) + (h.sandbox.stats().byOperation['getCurrencies'] ?? 0);
    const readsBefore = factReads();
    const again = await sync();
    // Rechecking the tax-rate waits costs one Xero call (/TaxRates only), not /TaxRates and /Currencies.
    expect(factReads() - readsBefore).toBe(1);
    expect(await linesOf(again.runId)).toEqual([]);
    expect(h.sandbox.stats().writes).toBe(writes);
    expect(again.records).toEqual([]);
  });

  it('once the e-mail is fixed in Vtiger and the rate created in Xero, the next run sends every waiting record with no other edit', async () => {
    h.clock.advance(60_000);
    await ws.revise({ id: `11x${GLOBEX}`, email1: 'info@globex.example.de' });
    for (const name of COMBINED) {
      org().taxRates.add({ Name: `${name} (new)`, TaxComponents: (COMPONENTS[name] ?? []).map(([n, r]) => ({ Name: n, Rate: r, IsCompound: false })) } as never);
    }
    h.clock.advance(5_000);
    const fixed = await sync();
    expect(fixed.stopped).toBeUndefined();
    expect(org().contacts.all().map((c) => c.Name)).toContain('Globex GmbH');
    const invoiceNumbers = org().invoices.all().map((i) => i.InvoiceNumber).sort();
    expect(invoiceNumbers).toEqual(['INV1', 'INV2', 'INV3']);
    const lines = await linesOf(fixed.runId);
    for (const crmid of [GLOBEX, globexPerson, GLOBEX_INVOICE, ...taxInvoices]) {
      const mine = lines.filter((l) => l.xtl_related_to === crmid);
      expect(mine, String(crmid)).toHaveLength(1);
      expect(mine[0]?.xtl_status, String(crmid)).toBe('Success');
      expect(await waitOf(crmid)).toBeUndefined();
    }
    expect((await queueOf(GLOBEX_INVOICE))[0]?.xtq_status).toBe('Done');
    for (const crmid of taxInvoices) expect((await queueOf(crmid))[0]?.xtq_status).toBe('Done');
  });
});
