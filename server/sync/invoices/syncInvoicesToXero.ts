import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Logger } from '../../logging/logger.js';
import { cents, dec } from '../../money/decimal.js';
import { systemClock, type Clock } from '../../time/clock.js';
import { readChanges, type ChangeCheckpoint } from '../../vtiger/changes/changeFeed.js';
import type { SyncTrigger } from '../../vtiger/ownModules/ownModuleValues.js';
import { readInvoices, type VtigerInvoice } from '../../vtiger/records/invoices.js';
import type { XeroAccountingApi } from '../../xero/api/XeroAccountingApi.js';
import { dueItems, indexOpenItems, readOpenQueueItems } from '../run/syncQueue.js';
import { reason } from '../types.js';
import { documentName, invoiceRecordName } from './buildXeroDocument.js';
import { InvoiceExecutor, type PlannedInvoice } from './executeInvoicePlans.js';
import { findInvoiceLinks, type InvoiceLink } from './invoiceLinks.js';
import { emptyInvoiceCounts, summaryOfInvoice, type InvoiceOutcome, type InvoiceRunSummary } from './invoiceOutcome.js';
import { readInvoiceSyncSettings } from './invoiceSettings.js';
import { invoiceNotSelected } from './invoiceSelection.js';
import { readDefaultInvoiceType } from '../../vtiger/records/invoiceTypeDefault.js';
import { loadOrganisationFacts, resolveParties, toTaxRateInfo, type OrganisationFacts, type OrganisationReads } from './loadInvoiceContext.js';
import { lockedOutcome, lockedWaitsToRelease, settleLockedWaits, waitsBefore } from './lockedWaits.js';
import { planInvoice, type InvoicePlan } from './planInvoice.js';
import { recordInvoiceOutcomes, type InvoiceRunIdentity } from './recordInvoiceOutcomes.js';
import { dueInvoiceWaits, withInvoiceWaits } from './invoiceWaits.js';
import { readSyncUser } from './syncUser.js';
import { organisationFactHashes, refusalReasons, type OrganisationFactHashes, type OrganisationFactKind } from '../run/waits.js';
import { readSetting, saveSetting } from './xtigerSettings.js';

/**
 * Vtiger invoices → Xero (sales invoices, bills, receipts), as a use case the sync run (or the CLI, or "sync
 * now") calls. Which invoices: the given ids, else those changed since the last run (Vtiger's change feed) plus
 * the due XTQueue items. Per invoice: its Xero contact (organization's, else contact's) and item codes from the
 * links — records not in Xero yet are handed to `syncPrerequisites` first (wire the contacts/items run there);
 * a plan (planInvoice.ts); the writes in chunks of ≤ 50 (executeInvoicePlans.ts); links, Xero Information block,
 * XTLog and XTQueue per chunk (recordInvoiceOutcomes.ts). An unchanged invoice costs no Xero call.
 *
 * Xero calls per run: /TaxRates and /Currencies once, then one call per 50 documents of a kind of write.
 */
export interface InvoiceSyncDeps {
  /** The Vtiger database (XTiger's own tables live there too). */
  knex: Knex;
  /** Xero for this run (one per unit of work). */
  xero: XeroAccountingApi;
  /** The Vtiger user the sync writes as; default `admin`. */
  syncUserName?: string;
  clock?: Clock;
  logger?: Logger;
  /**
   * Brings Vtiger records that invoices need into Xero: organizations, contacts, products and services by crmid.
   * E.g. `(ids) => runSync(runDeps, { ids, trigger: 'instant' })`. Without it, an invoice whose organization or
   * contact is not in Xero is refused with a reason, and lines whose item is not in Xero go without item code.
   */
  syncPrerequisites?: (crmids: number[]) => Promise<void>;
  options?: {
    /** Documents per Xero write call (1–50, default 50). */
    chunkSize?: number;
    maxQueueAttempts?: number;
    queueBackoffMs?: number;
  };
}

export interface InvoiceSyncRequest {
  /** Vtiger invoice crmids ("sync now"); default: what changed since the last run. */
  ids?: number[];
  /** Plan and report; write nothing anywhere. */
  dryRun?: boolean;
  trigger?: 'instant' | 'scheduled' | 'webhook';
  /** Language of XTLog messages; default the sync user's. */
  language?: string;
  /** Share the caller's run id (the sync run's), so XTLog groups the lines. */
  runId?: string;
  /**
   * Which documents that Vtiger changes wait for (locked in Xero) to read when they may have changed: `all` (default;
   * nothing else reads them), or `receipts` when the run's payments pull reads the invoices and bills.
   */
  lockedRecheck?: 'all' | 'receipts';
  /** Links as a read of this run saw them in Xero (the payments pull), over the stored ones (a dry run stores none). */
  lockedSeen?: ReadonlyMap<number, InvoiceLink>;
}

export type InvoiceSyncSummary = InvoiceRunSummary & { error?: { code: string; message: string } };

const TRIGGERS: Record<NonNullable<InvoiceSyncRequest['trigger']>, SyncTrigger> = { instant: 'Instant', scheduled: 'Scheduled', webhook: 'Webhook' };
const CHECKPOINT = 'sync.invoices.vtigerCheckpoint';
/** Invoices read (and planned) at once; their writes are then grouped by kind, so calls stay full. */
const READ_BATCH = 1000;

async function changedInvoiceIds(knex: Knex): Promise<{ ids: number[]; checkpoint: ChangeCheckpoint | null }> {
  let checkpoint = await readSetting<ChangeCheckpoint>(knex, CHECKPOINT);
  const ids: number[] = [];
  for await (const page of readChanges(knex, 'Invoice', checkpoint ?? null, { pageSize: 1000 })) {
    for (const c of page) if (!c.deleted) ids.push(c.crmid);
    const last = page[page.length - 1];
    if (last) checkpoint = { modifiedTime: last.modifiedTime, crmid: last.crmid };
  }
  return { ids, checkpoint: checkpoint ?? null };
}

async function labels(knex: Knex, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = (await knex('vtiger_crmentity').whereIn('crmid', [...ids]).select('crmid', 'label')) as Array<{ crmid: number; label: string | null }>;
  return new Map(rows.map((r) => [Number(r.crmid), r.label ?? `#${r.crmid}`]));
}

const LAST_FACT_READ = 'sync.invoices.lastOrganisationFactRead';

function factsHashOf(facts: OrganisationFacts): OrganisationFactHashes {
  return organisationFactHashes(facts.rates, facts.currencies);
}

/** /TaxRates and /Currencies read at most once each in a run, whoever asks first (the waits' check or the run). */
function memoisedReads(xero: XeroAccountingApi): OrganisationReads {
  let rates: ReturnType<XeroAccountingApi['getTaxRates']> | undefined;
  let currencies: ReturnType<XeroAccountingApi['getCurrencies']> | undefined;
  return { taxRates: () => (rates ??= xero.getTaxRates()), currencies: () => (currencies ??= xero.getCurrencies()) };
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** The outcome of a plan that needs no Xero call (and, in a dry run, of every plan). */
function plannedOutcome(invoice: VtigerInvoice, plan: InvoicePlan, language: string): InvoiceOutcome {
  const base = { crmid: invoice.crmid, invoiceNumber: invoice.recordNumber, direction: 'Vtiger to Xero' as const, vtigerTotal: invoice.total === null ? null : cents(dec(invoice.total)) };
  const record = invoiceRecordName(invoice);
  switch (plan.action) {
    case 'unchanged':
      return { ...base, kind: 'unchanged', log: null, xeroId: plan.link.xeroId, document: plan.link.kind, xeroNumber: plan.link.xeroNumber, xeroTotal: plan.link.xeroTotal };
    case 'locked':
      return lockedOutcome(base, plan);
    case 'skip':
      return {
        ...base, kind: 'skipped', log: { action: 'Skip', status: 'Skipped', reasons: [plan.reason] }, xeroId: plan.link?.xeroId ?? null, document: plan.link?.kind ?? null,
        xeroNumber: plan.link?.xeroNumber ?? null, xeroTotal: plan.link?.xeroTotal ?? null,
      };
    case 'refuse':
      return { ...base, kind: 'refused', log: { action: 'Skip', status: 'Failed', reasons: [plan.reason] }, xeroId: null, document: null, xeroNumber: null, xeroTotal: null, block: { status: 'Failed' } };
    case 'cancel': {
      const params = { record, document: documentName(plan.link.kind, language), number: plan.link.xeroNumber ?? plan.link.xeroId };
      return { ...base, kind: 'deleted', log: { action: 'Delete', status: 'Success', reasons: [reason(plan.how === 'void' ? 'invoice.done.voided' : 'invoice.done.deleted', params)] }, xeroId: plan.link.xeroId, document: plan.link.kind, xeroNumber: plan.link.xeroNumber, xeroTotal: plan.link.xeroTotal };
    }
    case 'create':
    case 'update': {
      const draft = plan.built.draft;
      const total = cents(plan.built.predicted.total);
      const params = { record, document: documentName(draft.kind, language, draft.bankAccountCode ?? ''), number: draft.invoiceNumber ?? draft.reference ?? '', total, currency: draft.currencyCode };
      return {
        ...base, vtigerTotal: cents(plan.built.target), kind: plan.action === 'create' ? 'created' : 'updated',
        log: { action: plan.action === 'create' ? 'Create' : 'Update', status: 'Success', reasons: [reason(plan.action === 'create' ? 'invoice.done.created' : 'invoice.done.updated', params), ...plan.built.notes] },
        xeroId: plan.action === 'update' ? plan.link.xeroId : null, document: draft.kind, xeroNumber: draft.invoiceNumber, xeroTotal: total,
      };
    }
  }
}

export async function syncInvoicesToXero(deps: InvoiceSyncDeps, request: InvoiceSyncRequest = {}): Promise<InvoiceSyncSummary> {
  const clock = deps.clock ?? systemClock;
  const now = () => new Date(clock.now());
  const startedAt = now();
  const { knex } = deps;
  const dryRun = request.dryRun ?? false;
  const summary: InvoiceSyncSummary = { runId: request.runId ?? randomUUID(), dryRun, startedAt: startedAt.toISOString(), finishedAt: '', counts: emptyInvoiceCounts(), records: [] };
  const settings = await readInvoiceSyncSettings(knex);
  if (!settings.enabled || settings.direction === 'toVtiger') {
    summary.finishedAt = now().toISOString();
    return summary;
  }
  const user = await readSyncUser(knex, deps.syncUserName ?? 'admin');
  const language = request.language ?? user.language;
  const openQueue = indexOpenItems(await readOpenQueueItems(knex, ['Invoice']));
  const explicit = request.ids !== undefined;
  const changed = explicit ? { ids: request.ids ?? [], checkpoint: null } : await changedInvoiceIds(knex);
  const due = explicit ? [] : dueItems([...openQueue.values()], startedAt).flatMap((i) => (i.module === 'Invoice' && i.relatedTo !== null ? [i.relatedTo] : []));
  let facts: OrganisationFacts | undefined;
  const reads = memoisedReads(deps.xero);
  const loadFacts = async (): Promise<OrganisationFacts> => (facts ??= await loadOrganisationFacts({ ...deps, clock }, reads));
  // Invoices waiting for a parent now in Xero, or for a tax rate or currency (the organisation's changed): no edit
  // needed. The check reads one of /TaxRates and /Currencies a run (alternating when both kinds wait).
  const readFact = async (kind: OrganisationFactKind): Promise<string> =>
    kind === 'taxRate' ? organisationFactHashes((await reads.taxRates()).map(toTaxRateInfo), []).taxRate : organisationFactHashes([], (await reads.currencies()).map((c) => String(c.code ?? '')).filter(Boolean)).currency;
  const check = explicit ? { due: [], read: undefined } : await dueInvoiceWaits(knex, readFact, await readSetting<OrganisationFactKind>(knex, LAST_FACT_READ));
  if (!dryRun && check.read) await saveSetting(knex, LAST_FACT_READ, check.read);
  // Vtiger changes waiting for a locked Xero document that lets them through now (read from the links; the
  // documents no other read of the run covers are read here, only while still locked).
  const locked = await lockedWaitsToRelease(knex, settings, {
    ...(explicit ? { crmids: changed.ids } : {}),
    ...(request.lockedSeen ? { seen: request.lockedSeen } : {}),
    read: { xero: deps.xero, kinds: request.lockedRecheck ?? 'all', dryRun, now: startedAt },
  });
  let ids = [...new Set([...changed.ids, ...due, ...check.due, ...(explicit ? [] : locked.due)])];
  // A run that sends invoices reads both anyway: then the kind not read for the check is rechecked too, free, so a
  // fix in Xero is seen by the next run that has anything to send.
  if (check.read !== undefined && ids.length > 0) ids = [...new Set([...ids, ...(await dueInvoiceWaits(knex, readFact, undefined, factsHashOf(await loadFacts()))).due])];
  const run: InvoiceRunIdentity = {
    runId: summary.runId, trigger: TRIGGERS[request.trigger ?? 'instant'], language, startedAt, ownerId: user.id,
    maxQueueAttempts: deps.options?.maxQueueAttempts ?? 5, queueBackoffMs: deps.options?.queueBackoffMs ?? 5 * 60_000,
  };
  const executor = new InvoiceExecutor({ xero: deps.xero, language: settings.language, now });
  const chunkSize = Math.min(50, Math.max(1, deps.options?.chunkSize ?? 50));

  const defaultType = await readDefaultInvoiceType(knex);
  for (const batch of chunks(ids, READ_BATCH)) {
    if (executor.fatal) break;
    const invoices = (await readInvoices(knex, batch)).filter((i) => !i.deleted);
    if (invoices.length === 0) continue;
    facts = await loadFacts();
    let parties = await resolveParties(knex, invoices);
    const missing = [...parties.missing.accounts, ...parties.missing.contacts, ...parties.missing.items];
    if (missing.length > 0 && deps.syncPrerequisites && !dryRun) {
      await deps.syncPrerequisites(missing);
      parties = await resolveParties(knex, invoices);
    }
    const names = await labels(knex, [...parties.missing.accounts, ...parties.missing.contacts]);
    // Items still not in Xero after the prerequisites that XTiger refused (a recorded wait): their invoices wait.
    const refusedItemIds = [...(await refusalReasons(knex, parties.missing.items)).keys()];
    const itemNames = await labels(knex, refusedItemIds);
    const links = await findInvoiceLinks(knex, invoices.map((i) => i.crmid));
    for (const [crmid, link] of locked.links) if (links.has(crmid)) links.set(crmid, link);
    const waitsOf = await waitsBefore(knex, invoices.map((i) => i.crmid));
    const lineOf = (o: InvoiceOutcome): string => summaryOfInvoice(o, language).message;
    const settle = (list: readonly InvoiceOutcome[]): InvoiceOutcome[] => settleLockedWaits(list, waitsOf, lineOf, explicit);
    const base = { settings, rates: facts.rates, currencies: facts.currencies, accounts: facts.accounts, systemRoundingAccount: facts.systemRoundingAccount, itemCodes: parties.itemCodes };
    const planned: PlannedInvoice[] = [];
    const direct: InvoiceOutcome[] = [];
    for (const invoice of invoices) {
      // Outside Sync Settings' selection: not sent, and one in Xero left alone (but a Cancel still voids or deletes
      // it; see invoiceSelection.ts). A line only when the user asked for it; a scheduled run says nothing.
      const notSelected = invoiceNotSelected(invoice, links.has(invoice.crmid), settings);
      if (notSelected) {
        if (explicit) direct.push(plannedOutcome(invoice, { action: 'skip', reason: notSelected }, settings.language));
        continue;
      }
      const partyId = invoice.accountId ?? invoice.contactId;
      const plan = planInvoice({
        invoice,
        link: links.get(invoice.crmid),
        settings,
        contactId: parties.contacts.get(invoice.crmid),
        base,
        refusedItems: itemNames,
        defaultType,
        ...(partyId ? { missingParty: { module: invoice.accountId ? 'Organization' : 'Contact', name: names.get(partyId) ?? `#${partyId}` } } : {}),
      });
      if (dryRun || plan.action === 'unchanged' || plan.action === 'skip' || plan.action === 'locked' || plan.action === 'refuse') direct.push(plannedOutcome(invoice, plan, settings.language));
      else planned.push({ invoice, plan });
    }
    const partyOf = new Map(invoices.map((i) => [i.crmid, i.accountId ?? i.contactId ?? null]));
    const waited = settle(await withInvoiceWaits(knex, direct, partyOf, factsHashOf(facts), language));
    const outcomes: InvoiceOutcome[] = [...waited];
    if (!dryRun) await recordInvoiceOutcomes(knex, waited, run, openQueue, now());
    // One Xero call carries one kind of write: group the plans by it before cutting chunks of ≤ 50.
    const writeKind = (p: PlannedInvoice) =>
      p.plan.action === 'cancel' ? `cancel:${p.plan.link.kind === 'receipt' ? 'r' : 'i'}` : p.plan.action === 'create' || p.plan.action === 'update' ? `${p.plan.action}${p.plan.action === 'create' && p.plan.replaces ? '+replace' : ''}:${p.plan.built.draft.kind === 'receipt' ? 'r' : 'i'}` : 'other';
    const groups = new Map<string, PlannedInvoice[]>();
    for (const p of planned) groups.set(writeKind(p), [...(groups.get(writeKind(p)) ?? []), p]);
    for (const chunk of [...groups.values()].flatMap((g) => chunks(g, chunkSize))) {
      const done = settle(await executor.execute(chunk));
      await recordInvoiceOutcomes(knex, done, run, openQueue, now());
      outcomes.push(...done);
    }
    for (const o of outcomes) {
      summary.counts[o.kind] += 1;
      if (summary.records.length < 2000) summary.records.push(summaryOfInvoice(o, language));
    }
  }
  if (!dryRun && !executor.fatal && changed.checkpoint) await saveSetting(knex, CHECKPOINT, changed.checkpoint);
  if (executor.fatal) summary.error = executor.fatal;
  summary.finishedAt = now().toISOString();
  deps.logger?.info({ runId: summary.runId, counts: summary.counts, dryRun }, 'invoices synced to Xero');
  return summary;
}
