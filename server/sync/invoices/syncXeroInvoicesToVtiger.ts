import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { isXTigerError } from '../../errors/XTigerError.js';
import type { Logger } from '../../logging/logger.js';
import { cents, dec } from '../../money/decimal.js';
import { systemClock, type Clock } from '../../time/clock.js';
import { readInvoices } from '../../vtiger/records/invoices.js';
import { readItemTaxes, readTaxDefinitions } from '../../vtiger/records/taxes.js';
import type { VtigerWebserviceClient } from '../../vtiger/webservice/VtigerWebserviceClient.js';
import { WebserviceIds } from '../../vtiger/webservice/webserviceIds.js';
import type { XeroAccountingApi, XeroInvoice } from '../../xero/api/XeroAccountingApi.js';
import { advanceXeroCursor, DEFAULT_XERO_OVERLAP_MS, xeroModifiedSince, type XeroCursor } from '../checkpoints/xeroCursor.js';
import { findLinksByXeroIds } from '../links/linksRepository.js';
import { indexOpenItems, readOpenQueueItems } from '../run/syncQueue.js';
import { reason } from '../types.js';
import { documentName } from './buildXeroDocument.js';
import { findInvoiceLinks, findInvoiceLinksByXeroIds, type InvoiceLink } from './invoiceLinks.js';
import { emptyInvoiceCounts, summaryOfInvoice, type InvoiceOutcome, type InvoiceRunSummary } from './invoiceOutcome.js';
import { readInvoiceSyncSettings } from './invoiceSettings.js';
import { loadOrganisationFacts, resolveParties } from './loadInvoiceContext.js';
import { outcomesInOrder, type OutcomeSlot } from './outcomesInOrder.js';
import { planInvoice } from './planInvoice.js';
import { recordInvoiceOutcomes } from './recordInvoiceOutcomes.js';
import { readSyncUser } from './syncUser.js';
import { vtigerInvoiceFromXero, type VtigerItemRef } from './vtigerFromXero.js';
import { readSetting, saveSetting } from './xtigerSettings.js';
import { draftHash } from './xeroPayload.js';

/**
 * Xero invoices and bills that are not in Vtiger → new Vtiger invoices (through the webservice), when the invoice
 * direction includes Xero → Vtiger. Reads what Xero changed since the last run (If-Modified-Since with overlap,
 * checkpoint per page); a document already linked is left to the other use cases; one whose number equals an
 * unlinked Vtiger invoice's number is linked, not copied. Contacts must be linked already (the contacts run
 * brings them); lines resolve to products and services by code. The new invoice is linked with the hash of what
 * the Vtiger → Xero direction would send, so it does not echo back.
 */
export interface XeroInvoicesToVtigerDeps {
  knex: Knex;
  xero: XeroAccountingApi;
  vtiger: VtigerWebserviceClient;
  syncUserName?: string;
  clock?: Clock;
  logger?: Logger;
}

const CURSOR = 'sync.invoices.xeroCursor';

async function itemsByCode(knex: Knex): Promise<Map<string, { crmid: number; module: 'Products' | 'Services' }>> {
  const products = (await knex('vtiger_products as p').join('vtiger_crmentity as e', 'e.crmid', 'p.productid').where('e.deleted', 0).whereNotNull('p.productcode').select('p.productid as id', 'p.productcode as code')) as Array<{ id: number; code: string }>;
  const services = (await knex('vtiger_service as s').join('vtiger_crmentity as e', 'e.crmid', 's.serviceid').where('e.deleted', 0).select('s.serviceid as id', 's.service_no as code')) as Array<{ id: number; code: string }>;
  const out = new Map<string, { crmid: number; module: 'Products' | 'Services' }>();
  for (const s of services) if (s.code) out.set(s.code.toLowerCase(), { crmid: Number(s.id), module: 'Services' });
  for (const p of products) if (p.code) out.set(p.code.toLowerCase(), { crmid: Number(p.id), module: 'Products' });
  return out;
}

export async function syncXeroInvoicesToVtiger(deps: XeroInvoicesToVtigerDeps, request: { dryRun?: boolean; language?: string; runId?: string } = {}): Promise<InvoiceRunSummary> {
  const clock = deps.clock ?? systemClock;
  const now = () => new Date(clock.now());
  const startedAt = now();
  const dryRun = request.dryRun ?? false;
  const summary: InvoiceRunSummary = { runId: request.runId ?? randomUUID(), dryRun, startedAt: startedAt.toISOString(), finishedAt: '', counts: emptyInvoiceCounts(), records: [] };
  const settings = await readInvoiceSyncSettings(deps.knex);
  if (!settings.enabled || settings.direction === 'toXero') {
    summary.finishedAt = now().toISOString();
    return summary;
  }
  const { knex } = deps;
  const user = await readSyncUser(knex, deps.syncUserName ?? 'admin');
  const language = request.language ?? user.language;
  const ids = await WebserviceIds.load(knex);
  const facts = await loadOrganisationFacts({ ...deps, clock });
  const taxDefinitions = (await readTaxDefinitions(knex)).items;
  const codes = await itemsByCode(knex);
  const itemTaxes = await readItemTaxes(knex, [...new Set([...codes.values()].map((c) => c.crmid).concat(settings.fallbackItemId ?? []))]);
  const ref = (crmid: number, module: 'Products' | 'Services'): VtigerItemRef => ({ crmid, wsId: ids.toWsId(module, crmid), taxes: itemTaxes.get(crmid) ?? [] });
  const byCode = new Map([...codes].map(([code, c]) => [code, ref(c.crmid, c.module)]));
  let fallbackItem: VtigerItemRef | undefined;
  if (settings.fallbackItemId !== null) {
    const row = (await knex('vtiger_crmentity').where({ crmid: settings.fallbackItemId, deleted: 0 }).first('setype')) as { setype: string } | undefined;
    if (row?.setype === 'Products' || row?.setype === 'Services') fallbackItem = ref(settings.fallbackItemId, row.setype);
  }
  const currencies = (await knex('vtiger_currency_info').where({ deleted: 0 }).select('id', 'currency_code')) as Array<{ id: number; currency_code: string }>;
  const openQueue = indexOpenItems(await readOpenQueueItems(knex, ['Invoice']));
  const run = { runId: summary.runId, trigger: 'Instant' as const, language, startedAt, ownerId: user.id, maxQueueAttempts: 5, queueBackoffMs: 5 * 60_000 };

  let cursor = await readSetting<XeroCursor>(knex, CURSOR);
  const modifiedSince = xeroModifiedSince(cursor, DEFAULT_XERO_OVERLAP_MS);
  for await (const page of deps.xero.readInvoices({ ...(modifiedSince ? { modifiedSince } : {}), pageSize: 1000 })) {
    const docs = page.items.filter((i) => i.invoiceID && !['DELETED', 'VOIDED'].includes(String(i.status)));
    const linked = await findInvoiceLinksByXeroIds(knex, docs.map((d) => d.invoiceID ?? ''));
    const fresh = docs.filter((d) => !linked.has(d.invoiceID ?? ''));
    const contactIds = [...new Set(fresh.map((d) => d.contact?.contactID ?? '').filter(Boolean))];
    const [orgLinks, personLinks] = [await findLinksByXeroIds(knex, 'accounts', contactIds), await findLinksByXeroIds(knex, 'contacts', contactIds)];
    const slots: Array<OutcomeSlot<InvoiceOutcome>> = [];
    for (const inv of fresh) {
      const kind = String(inv.type) === 'ACCPAY' ? ('bill' as const) : ('invoice' as const);
      const document = documentName(kind, language);
      const number = inv.invoiceNumber ?? inv.invoiceID ?? '';
      const base = { crmid: 0, invoiceNumber: null, direction: 'Xero to Vtiger' as const, xeroId: inv.invoiceID ?? null, document: kind, xeroNumber: inv.invoiceNumber ?? null, vtigerTotal: null, xeroTotal: cents(dec(String(inv.total ?? 0))) };
      const same = inv.invoiceNumber ? ((await knex('vtiger_invoice as i').join('vtiger_crmentity as e', 'e.crmid', 'i.invoiceid').where({ 'e.deleted': 0, 'i.invoice_no': inv.invoiceNumber }).first('i.invoiceid')) as { invoiceid: number } | undefined) : undefined;
      if (same && (await findInvoiceLinks(knex, [Number(same.invoiceid)])).size === 0) {
        const link = linkFor(Number(same.invoiceid), inv, kind, '', now());
        slots.push({ ready: { ...base, crmid: link.crmid, invoiceNumber: inv.invoiceNumber ?? null, kind: 'updated', log: { action: 'Update', status: 'Success', reasons: [reason('invoice.fromXero.linked', { document, number, record: inv.invoiceNumber ?? '' })] }, link, block: { xeroId: link.xeroId, status: 'Synced' } } });
        continue;
      }
      const orgLink = orgLinks.get(inv.contact?.contactID ?? '');
      let accountCrmid = orgLink?.crmid;
      let contactCrmid: number | undefined;
      const person = personLinks.get(inv.contact?.contactID ?? '');
      if (!accountCrmid && person) {
        contactCrmid = person.crmid;
        const row = (await knex('vtiger_contactdetails').where('contactid', person.crmid).first('accountid')) as { accountid: number | null } | undefined;
        accountCrmid = row?.accountid ? Number(row.accountid) : undefined;
      }
      const refusal = (r: ReturnType<typeof reason>) => slots.push({ ready: { ...base, kind: 'refused', log: { action: 'Skip', status: 'Failed', reasons: [r] } } });
      if (!accountCrmid) {
        refusal(reason('invoice.fromXero.contactNotLinked', { document, number, contact: inv.contact?.name ?? inv.contact?.contactID ?? '' }));
        continue;
      }
      const currency = currencies.find((c) => c.currency_code === String(inv.currencyCode ?? ''));
      if (!currency) {
        refusal(reason('invoice.refused.unknownCurrency', { record: `${document} ${number}`, currency: String(inv.currencyCode ?? '') }));
        continue;
      }
      const address = (await knex('vtiger_accountbillads as b').join('vtiger_accountshipads as s', 's.accountaddressid', 'b.accountaddressid').where('b.accountaddressid', accountCrmid).first('b.bill_street', 's.ship_street')) as { bill_street: string | null; ship_street: string | null } | undefined;
      const built = vtigerInvoiceFromXero(inv, {
        document, accountWsId: ids.toWsId('Accounts', accountCrmid), contactWsId: contactCrmid ? ids.toWsId('Contacts', contactCrmid) : null, currencyWsId: ids.toWsId('Currency', currency.id),
        ownerWsId: ids.toWsId('Users', user.id), billStreet: address?.bill_street || inv.contact?.name || '-', shipStreet: address?.ship_street || address?.bill_street || inv.contact?.name || '-',
        itemsByCode: byCode, fallbackItem, rates: facts.rates, taxDefinitions, settings,
      });
      if (!built.ok) {
        refusal(built.reason);
        continue;
      }
      if (dryRun) {
        slots.push({ ready: { ...base, kind: 'created', vtigerTotal: cents(built.vtigerTotal), log: { action: 'Create', status: 'Success', reasons: [reason('invoice.fromXero.created', { document, number, record: '(new)', total: cents(built.vtigerTotal), currency: currency.currency_code })] } } });
        continue;
      }
      // The creates run in parallel on the webservice sessions (outcomesInOrder below).
      const element = built.element;
      slots.push({
        write: async (): Promise<InvoiceOutcome> => {
          try {
            const created = await deps.vtiger.create('Invoice', element);
            const crmid = ids.toCrmId(String(created['id']));
            const [stored] = await readInvoices(knex, [crmid]);
            const record = `${String(created['invoice_no'] ?? crmid)}`;
            const vtigerTotal = stored?.total ? cents(dec(stored.total)) : null;
            // The hash of what the Vtiger → Xero direction would send now: the new invoice is in step with Xero.
            let hash = '';
            if (stored) {
              const parties = await resolveParties(knex, [stored]);
              const plan = planInvoice({ invoice: stored, link: undefined, settings, contactId: inv.contact?.contactID ?? parties.contacts.get(crmid), base: { settings, ...facts, itemCodes: parties.itemCodes } });
              if (plan.action === 'create') hash = draftHash(plan.built.draft);
            }
            const link = linkFor(crmid, inv, kind, hash, now());
            const matches = vtigerTotal === base.xeroTotal;
            return {
              ...base, crmid, invoiceNumber: record, vtigerTotal, kind: matches ? 'created' : 'failed',
              log: { action: 'Create', status: matches ? 'Success' : 'Failed', reasons: [matches ? reason('invoice.fromXero.created', { document, number, record, total: vtigerTotal ?? '', currency: currency.currency_code }) : reason('invoice.fromXero.totalDiffers', { document, number, vtiger: vtigerTotal ?? '', xero: base.xeroTotal })] },
              link, block: { xeroId: link.xeroId, status: matches ? 'Synced' : 'Failed' }, queue: { failed: false },
            };
          } catch (e) {
            if (!isXTigerError(e)) throw e;
            return { ...base, kind: 'failed', log: { action: 'Create', status: 'Failed', reasons: [reason('sync.failed.vtiger', { record: `${document} ${number}`, message: e.message })] }, queue: { failed: true, error: e.message } };
          }
        },
      });
    }
    const outcomes = await outcomesInOrder(deps.vtiger, slots);
    if (!dryRun) await recordInvoiceOutcomes(knex, outcomes, run, openQueue, now());
    for (const o of outcomes) {
      summary.counts[o.kind] += 1;
      summary.records.push(summaryOfInvoice(o, language));
    }
    cursor = advanceXeroCursor(cursor, page.items.map((i) => ({ xeroId: i.invoiceID ?? '', hash: String(i.updatedDateUTC ?? ''), updatedAt: i.updatedDateUTC })), DEFAULT_XERO_OVERLAP_MS);
    if (!dryRun) await saveSetting(knex, CURSOR, cursor);
  }
  summary.finishedAt = now().toISOString();
  deps.logger?.info({ runId: summary.runId, counts: summary.counts }, 'Xero invoices synced to Vtiger');
  return summary;
}

function linkFor(crmid: number, inv: XeroInvoice, kind: 'invoice' | 'bill', hash: string, at: Date): InvoiceLink {
  return {
    crmid, xeroId: inv.invoiceID ?? '', kind, xeroNumber: inv.invoiceNumber ?? null, contentHash: hash, xeroStatus: String(inv.status ?? 'DRAFT'),
    xeroTotal: cents(dec(String(inv.total ?? 0))), reconciled: false, amountPaid: cents(dec(String(inv.amountPaid ?? 0))), amountDue: cents(dec(String(inv.amountDue ?? 0))),
    origin: 'xero', xeroUpdatedAt: typeof inv.updatedDateUTC === 'string' ? new Date(inv.updatedDateUTC) : null, lastSyncedAt: at,
  };
}
