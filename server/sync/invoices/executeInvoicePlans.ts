import { BankTransaction, Invoice } from 'xero-node';
import { isXTigerError } from '../../errors/XTigerError.js';
import { cents, dec } from '../../money/decimal.js';
import type { VtigerInvoice } from '../../vtiger/records/invoices.js';
import type { BatchWriteResult, XeroElementError } from '../../xero/api/elementResults.js';
import type { XeroAccountingApi, XeroBankTransaction, XeroInvoice } from '../../xero/api/XeroAccountingApi.js';
import { reason, type SyncReason } from '../types.js';
import { documentName, invoiceRecordName, type BuiltDocument, type XeroDocumentKind } from './buildXeroDocument.js';
import type { InvoiceLink } from './invoiceLinks.js';
import type { InvoiceOutcome } from './invoiceOutcome.js';
import { lockedOutcome } from './lockedWaits.js';
import { lockedReason, type InvoicePlan } from './planInvoice.js';
import { toXeroBankTransaction, toXeroInvoice } from './xeroPayload.js';

/**
 * Carries out one chunk of invoice plans against Xero (≤ 50 documents per call, one call per kind of write):
 * removals (void/delete) first, then creates, then updates. Every element's result becomes an outcome: a Xero
 * rejection is a value (failed, queued), a "locked" rejection makes the change wait (lockedWaits.ts), and a call that fails as a whole fails
 * its elements (queued; the same write is retried safely by its Idempotency-Key). Xero's answered total is
 * compared with Vtiger's: a difference is reported as a failure, never hidden.
 */
export interface PlannedInvoice {
  invoice: VtigerInvoice;
  plan: InvoicePlan;
}

export interface ExecuteContext {
  xero: XeroAccountingApi;
  language: string;
  now: () => Date;
}

/** Errors after which no further call can succeed in this run. */
const FATAL = new Set(['XERO_AUTH', 'XERO_RECONNECT_NEEDED', 'XERO_NOT_CONNECTED', 'XERO_RATE_LIMITED']);

const LOCKED_MESSAGES = [/not of valid status for modification/i, /payment or credit note allocated/i, /has been reconciled/i];

type Doc = XeroInvoice | XeroBankTransaction;

function docId(d: Doc): string {
  return 'invoiceID' in d && d.invoiceID ? d.invoiceID : ((d as XeroBankTransaction).bankTransactionID ?? '');
}

function docNumber(d: Doc, kind: XeroDocumentKind): string | null {
  if (kind === 'receipt') return (d as XeroBankTransaction).reference ?? null;
  return (d as XeroInvoice).invoiceNumber ?? null;
}

export class InvoiceExecutor {
  /** Set when a call failed in a way that stops the run (not connected, daily limit). */
  fatal: { code: string; message: string } | undefined;

  constructor(private readonly ctx: ExecuteContext) {}

  async execute(chunk: readonly PlannedInvoice[]): Promise<InvoiceOutcome[]> {
    const outcomes = new Map<number, InvoiceOutcome>();
    const removals = chunk.flatMap((p) =>
      p.plan.action === 'cancel' ? [{ p, link: p.plan.link, how: p.plan.how }] : p.plan.action === 'create' && p.plan.replaces ? [{ p, link: p.plan.replaces.link, how: p.plan.replaces.how }] : [],
    );
    const removed = await this.remove(removals.map((r) => ({ link: r.link, how: r.how })));
    for (const r of removals) {
      const result = removed.get(r.link.crmid);
      if (r.p.plan.action === 'cancel') {
        outcomes.set(r.p.invoice.crmid, result?.ok ? this.cancelled(r.p.invoice, r.link, r.how, result.status) : this.failed(r.p.invoice, r.link, result?.error ?? 'not answered'));
      } else if (!result?.ok) {
        outcomes.set(r.p.invoice.crmid, this.failed(r.p.invoice, r.link, result?.error ?? 'not answered'));
      }
    }
    const creates = chunk.filter((p) => p.plan.action === 'create' && !outcomes.has(p.invoice.crmid));
    const updates = chunk.filter((p) => p.plan.action === 'update');
    for (const [list, mode] of [[creates, 'create'], [updates, 'update']] as const) {
      for (const kind of ['invoice', 'receipt'] as const) {
        const items = list.filter((p) => (p.plan as { built: BuiltDocument }).built.draft.kind === 'receipt' ? kind === 'receipt' : kind === 'invoice');
        if (items.length === 0) continue;
        for (const o of await this.write(items, mode, kind)) outcomes.set(o.crmid, o);
      }
    }
    return chunk.flatMap((p) => outcomes.get(p.invoice.crmid) ?? []);
  }

  private async call<T extends Doc>(send: () => Promise<BatchWriteResult<T>>, size: number): Promise<BatchWriteResult<T> | { error: string }> {
    if (this.fatal) return { error: this.fatal.message };
    try {
      const result = await send();
      return result.results.length === size ? result : { error: `Xero answered ${result.results.length} of ${size} elements` };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (isXTigerError(e) && FATAL.has(e.code)) this.fatal = { code: e.code, message };
      if (!isXTigerError(e)) throw e;
      return { error: message };
    }
  }

  private async remove(items: Array<{ link: InvoiceLink; how: 'void' | 'delete' }>): Promise<Map<number, { ok: true; status: string } | { ok: false; error: string }>> {
    const out = new Map<number, { ok: true; status: string } | { ok: false; error: string }>();
    const invoices = items.filter((i) => i.link.kind !== 'receipt');
    const receipts = items.filter((i) => i.link.kind === 'receipt');
    if (invoices.length > 0) {
      const sent = invoices.map((i) => ({ invoiceID: i.link.xeroId, status: i.how === 'void' ? Invoice.StatusEnum.VOIDED : Invoice.StatusEnum.DELETED }) as Invoice);
      const r = await this.call(() => this.ctx.xero.saveInvoices(sent), sent.length);
      invoices.forEach((i, n) => out.set(i.link.crmid, 'error' in r ? { ok: false, error: r.error } : resultOf(r, n, (v) => String(v.status ?? ''))));
    }
    if (receipts.length > 0) {
      const sent = receipts.map((i) => ({ bankTransactionID: i.link.xeroId, status: BankTransaction.StatusEnum.DELETED }) as BankTransaction);
      const r = await this.call(() => this.ctx.xero.saveBankTransactions(sent), sent.length);
      receipts.forEach((i, n) => out.set(i.link.crmid, 'error' in r ? { ok: false, error: r.error } : resultOf(r, n, (v) => String(v.status ?? ''))));
    }
    return out;
  }

  private async write(items: readonly PlannedInvoice[], mode: 'create' | 'update', kind: 'invoice' | 'receipt'): Promise<InvoiceOutcome[]> {
    const plans = items.map((p) => p.plan as Extract<InvoicePlan, { action: 'create' | 'update' }>);
    const idOf = (plan: (typeof plans)[number]) => (plan.action === 'update' ? plan.link.xeroId : undefined);
    const options = { idempotencyScope: idempotencyScope(plans) };
    const result =
      kind === 'receipt'
        ? await this.call<Doc>(() => (mode === 'create' ? this.ctx.xero.createBankTransactions : this.ctx.xero.saveBankTransactions).call(this.ctx.xero, plans.map((p) => toXeroBankTransaction(p.built.draft, idOf(p))), options), plans.length)
        : await this.call<Doc>(() => (mode === 'create' ? this.ctx.xero.createInvoices : this.ctx.xero.saveInvoices).call(this.ctx.xero, plans.map((p) => toXeroInvoice(p.built.draft, idOf(p))), options), plans.length);
    const outcomes = items.map((p, n) => {
      const plan = plans[n] as (typeof plans)[number];
      const existing = plan.action === 'update' ? plan.link : undefined;
      if ('error' in result) return this.unreachable(p.invoice, existing, result.error, plan.built);
      const r = result.results[n];
      if (!r) return this.unreachable(p.invoice, existing, 'not answered', plan.built);
      if (!r.ok) return this.rejected(p.invoice, existing, r.error, plan.built, plan.hash);
      return this.saved(p.invoice, plan, r.value);
    });
    if (mode === 'create' && kind === 'invoice' && !('error' in result)) await this.adoptDuplicates(items, result.results, outcomes);
    return outcomes;
  }

  /**
   * A sales invoice Xero refused as a duplicate number was most likely created by an earlier run that stopped
   * before storing its link: find it by number and link it (with no hash, so the next run brings it up to date).
   */
  private async adoptDuplicates(items: readonly PlannedInvoice[], results: BatchWriteResult<Doc>['results'], outcomes: InvoiceOutcome[]): Promise<void> {
    const dup = items.flatMap((p, n) => {
      const r = results[n];
      const plan = p.plan as Extract<InvoicePlan, { action: 'create' }>;
      return r && !r.ok && plan.built.draft.kind === 'invoice' && plan.built.draft.invoiceNumber && r.error.messages.some((m) => /must be unique/i.test(m)) ? [{ n, p, number: plan.built.draft.invoiceNumber }] : [];
    });
    if (dup.length === 0 || this.fatal) return;
    const where = `Type=="ACCREC" AND (${dup.map((d) => `InvoiceNumber=="${d.number.replace(/"/g, '')}"`).join(' OR ')})`;
    const found: XeroInvoice[] = [];
    try {
      for await (const page of this.ctx.xero.readInvoices({ where, pageSize: 100 })) found.push(...page.items);
    } catch (e) {
      if (!isXTigerError(e)) throw e;
      return;
    }
    for (const d of dup) {
      const doc = found.find((f) => f.invoiceNumber === d.number && !['VOIDED', 'DELETED'].includes(String(f.status)));
      if (!doc?.invoiceID) continue;
      const record = invoiceRecordName(d.p.invoice);
      const link: InvoiceLink = {
        crmid: d.p.invoice.crmid, xeroId: doc.invoiceID, kind: 'invoice', xeroNumber: doc.invoiceNumber ?? null, contentHash: '', xeroStatus: String(doc.status ?? 'DRAFT'),
        xeroTotal: cents(dec(String(doc.total ?? 0))), reconciled: false, amountPaid: null, amountDue: null, origin: 'vtiger', xeroUpdatedAt: null, lastSyncedAt: this.ctx.now(),
      };
      outcomes[d.n] = {
        ...this.base(d.p.invoice, (d.p.plan as Extract<InvoicePlan, { action: 'create' }>).built),
        kind: 'skipped',
        log: { action: 'Skip', status: 'Skipped', reasons: [reason('invoice.fromXero.linked', { document: documentName('invoice', this.ctx.language), number: d.number, record })] },
        xeroId: link.xeroId, document: 'invoice', xeroNumber: link.xeroNumber, xeroTotal: link.xeroTotal, link, block: { xeroId: link.xeroId, status: 'Synced' }, queue: { failed: false },
      };
    }
  }

  private base(invoice: VtigerInvoice, built: BuiltDocument | undefined): Pick<InvoiceOutcome, 'crmid' | 'invoiceNumber' | 'direction' | 'vtigerTotal'> {
    return { crmid: invoice.crmid, invoiceNumber: invoice.recordNumber, direction: 'Vtiger to Xero', vtigerTotal: built ? cents(built.target) : invoice.total === null ? null : cents(dec(invoice.total)) };
  }

  private saved(invoice: VtigerInvoice, plan: Extract<InvoicePlan, { action: 'create' | 'update' }>, value: Doc): InvoiceOutcome {
    const kind = plan.built.draft.kind;
    const xeroTotal = cents(dec(String(value.total ?? 0)));
    const number = docNumber(value, kind);
    const record = invoiceRecordName(invoice);
    const document = documentName(kind, this.ctx.language, plan.built.draft.bankAccountCode ?? '');
    const matches = xeroTotal === cents(plan.built.target);
    const status = String(value.status ?? plan.built.draft.status);
    const link: InvoiceLink = {
      crmid: invoice.crmid,
      xeroId: docId(value),
      kind,
      xeroNumber: number,
      contentHash: plan.hash,
      xeroStatus: status,
      xeroTotal,
      reconciled: (value as XeroBankTransaction).isReconciled === true,
      amountPaid: plan.action === 'update' ? plan.link.amountPaid : null,
      amountDue: plan.action === 'update' ? plan.link.amountDue : null,
      origin: plan.action === 'update' ? plan.link.origin : 'vtiger',
      xeroUpdatedAt: typeof value.updatedDateUTC === 'string' ? new Date(value.updatedDateUTC) : null,
      lastSyncedAt: this.ctx.now(),
    };
    const params = { record, document, number: number ?? link.xeroId, total: xeroTotal, currency: plan.built.draft.currencyCode };
    const reasons: SyncReason[] = matches
      ? [plan.action === 'create' && plan.replaces ? reason('invoice.done.recreated', { record, document, number: plan.replaces.link.xeroNumber ?? plan.replaces.link.xeroId, newNumber: number ?? link.xeroId }) : reason(plan.action === 'create' ? 'invoice.done.created' : 'invoice.done.updated', params), ...plan.built.notes]
      : [reason('invoice.failed.totalDiffers', { record, number: number ?? link.xeroId, xero: xeroTotal, vtiger: cents(plan.built.target), document })];
    return {
      ...this.base(invoice, plan.built),
      kind: matches ? (plan.action === 'create' ? 'created' : 'updated') : 'failed',
      log: { action: plan.action === 'create' ? 'Create' : 'Update', status: matches ? 'Success' : 'Failed', reasons },
      xeroId: link.xeroId,
      document: kind,
      xeroNumber: number,
      xeroTotal,
      link,
      block: { xeroId: link.xeroId, status: matches ? 'Synced' : 'Failed' },
      queue: { failed: false },
    };
  }

  private cancelled(invoice: VtigerInvoice, link: InvoiceLink, how: 'void' | 'delete', status: string): InvoiceOutcome {
    const record = invoiceRecordName(invoice);
    const params = { record, document: documentName(link.kind, this.ctx.language), number: link.xeroNumber ?? link.xeroId };
    return {
      ...this.base(invoice, undefined),
      kind: 'deleted',
      log: { action: 'Delete', status: 'Success', reasons: [reason(how === 'void' ? 'invoice.done.voided' : 'invoice.done.deleted', params)] },
      xeroId: link.xeroId,
      document: link.kind,
      xeroNumber: link.xeroNumber,
      xeroTotal: link.xeroTotal,
      link: { ...link, xeroStatus: status || (how === 'void' ? 'VOIDED' : 'DELETED'), lastSyncedAt: this.ctx.now() },
      block: { xeroId: link.xeroId, status: 'Synced' },
      queue: { failed: false },
    };
  }

  private rejected(invoice: VtigerInvoice, link: InvoiceLink | undefined, error: XeroElementError, built: BuiltDocument, hash: string): InvoiceOutcome {
    const record = invoiceRecordName(invoice);
    if (link && error.messages.some((m) => LOCKED_MESSAGES.some((re) => re.test(m)))) {
      // Xero locked it since the run last saw it (approved, paid or reconciled there): the change waits like any other.
      const paidNow = error.messages.some((m) => /payment/i.test(m));
      const now: InvoiceLink = {
        ...link,
        xeroStatus: link.kind === 'receipt' ? link.xeroStatus : paidNow ? 'PAID' : 'AUTHORISED',
        reconciled: link.kind === 'receipt' ? true : link.reconciled,
      };
      return lockedOutcome(this.base(invoice, built), { link: now, hash, reason: lockedReason(record, now, this.ctx.language, built.draft.bankAccountCode ?? '') }, error.messages.join(' '), true);
    }
    return this.failedWith(invoice, link, built, reason('sync.failed.xero', { record, message: error.messages.join(' ') || error.message }), error.message);
  }

  private unreachable(invoice: VtigerInvoice, link: InvoiceLink | undefined, message: string, built: BuiltDocument): InvoiceOutcome {
    return this.failedWith(invoice, link, built, reason('sync.failed.unreachable', { record: invoiceRecordName(invoice), message }), message);
  }

  private failed(invoice: VtigerInvoice, link: InvoiceLink, message: string): InvoiceOutcome {
    return this.failedWith(invoice, link, undefined, reason('sync.failed.xero', { record: invoiceRecordName(invoice), message }), message);
  }

  private failedWith(invoice: VtigerInvoice, link: InvoiceLink | undefined, built: BuiltDocument | undefined, why: SyncReason, error: string): InvoiceOutcome {
    return {
      ...this.base(invoice, built),
      kind: 'failed',
      log: { action: link ? 'Update' : 'Create', status: 'Failed', reasons: [why] },
      xeroId: link?.xeroId ?? null,
      document: built?.draft.kind ?? link?.kind ?? null,
      xeroNumber: link?.xeroNumber ?? null,
      xeroTotal: null,
      block: { status: 'Failed' },
      queue: { failed: true, error },
    };
  }
}

/**
 * The Idempotency-Key's scope of a write: the documents' state as last seen in Xero. A retry of the same write (a
 * timeout, a lost answer) shares it; the same update sent again after Xero changed the document (a change that
 * waited for a locked document, refused once with this very content) does not, so Xero does not answer it with
 * the refusal it keeps for the first key.
 */
function idempotencyScope(plans: ReadonlyArray<Extract<InvoicePlan, { action: 'create' | 'update' }>>): string {
  return plans.map((p) => (p.action === 'update' ? `${p.link.xeroId}:${p.link.xeroStatus}:${p.link.reconciled ? 1 : 0}:${p.link.xeroUpdatedAt?.toISOString() ?? ''}` : 'new')).join(',');
}

function resultOf<T>(r: BatchWriteResult<T>, n: number, status: (v: T) => string): { ok: true; status: string } | { ok: false; error: string } {
  const e = r.results[n];
  if (!e) return { ok: false, error: 'not answered' };
  return e.ok ? { ok: true, status: status(e.value) } : { ok: false, error: e.error.messages.join(' ') || e.error.message };
}
