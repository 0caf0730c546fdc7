import type { Knex } from 'knex';
import { Decimal } from '../../money/decimal.js';
import type { VtigerInvoice } from '../../vtiger/records/invoices.js';
import { ModuleMetadataCache } from '../../vtiger/schema/ModuleMetadataCache.js';
import type { XeroAccountingApi, XeroCurrency, XeroTaxRate } from '../../xero/api/XeroAccountingApi.js';
import { syncChartOfAccounts, type ChartSyncDeps } from '../accounts/syncChartOfAccounts.js';
import { readStoredAccounts } from '../accounts/storedAccounts.js';
import { readSystemAccounts } from '../accounts/systemAccounts.js';
import { findLinksByCrmids, type SyncLink } from '../links/linksRepository.js';
import { currentMapping } from '../mapping/mappingRepository.js';
import type { XeroAccountInfo } from './buildXeroDocument.js';
import type { XeroTaxRateInfo } from './taxMap.js';

/**
 * What the invoice sync reads once per run: the organisation's tax rates and currencies (two Xero calls), the
 * chart of accounts from XeroAccounts (a chart sync first when it is empty), the ROUNDING system account; and
 * per batch, from XTiger's links: the Xero contact of each invoice and the Xero item code of each line.
 */
export interface OrganisationFacts {
  rates: XeroTaxRateInfo[];
  currencies: Set<string>;
  accounts: Map<string, XeroAccountInfo>;
  systemRoundingAccount: string | null;
}

export function toTaxRateInfo(r: XeroTaxRate): XeroTaxRateInfo {
  return {
    taxType: r.taxType ?? '',
    name: r.name ?? r.taxType ?? '',
    effectiveRate: new Decimal(String(r.effectiveRate ?? 0)),
    active: String(r.status ?? 'ACTIVE') === 'ACTIVE',
    componentNames: (r.taxComponents ?? []).map((c) => c.name ?? ''),
    canApplyToRevenue: r.canApplyToRevenue,
    canApplyToExpenses: r.canApplyToExpenses,
  };
}

/** The two Xero reads of the organisation's facts; a run passes memoised ones so a read made earlier is not repeated. */
export interface OrganisationReads {
  taxRates(): Promise<XeroTaxRate[]>;
  currencies(): Promise<XeroCurrency[]>;
}

export async function loadOrganisationFacts(deps: ChartSyncDeps & { xero: XeroAccountingApi }, reads?: OrganisationReads): Promise<OrganisationFacts> {
  const [rates, currencies] = reads ? [await reads.taxRates(), await reads.currencies()] : [await deps.xero.getTaxRates(), await deps.xero.getCurrencies()];
  let stored = await readStoredAccounts(deps.knex);
  if (stored.length === 0) {
    await syncChartOfAccounts(deps);
    stored = await readStoredAccounts(deps.knex);
  }
  const accounts = new Map<string, XeroAccountInfo>();
  for (const a of stored) if (a.code) accounts.set(a.code, { code: a.code, name: a.name, type: a.type ?? '', status: a.status ?? 'ACTIVE' });
  return {
    rates: rates.map(toTaxRateInfo),
    currencies: new Set(currencies.map((c) => String(c.code ?? '')).filter(Boolean)),
    accounts,
    systemRoundingAccount: (await readSystemAccounts(deps.knex))['ROUNDING'] ?? null,
  };
}

/** The Xero ContactID a link stands for: a contact's own, or (a person) its organization's. */
export function contactIdOfLink(link: SyncLink): string {
  return link.xeroKind === 'person' ? (link.xeroId.split('#person:')[0] ?? link.xeroId) : link.xeroId;
}

export interface InvoiceParties {
  /** Xero ContactID per invoice crmid (organization's first, else the contact's). */
  contacts: Map<number, string>;
  /** Linked Xero item codes by product/service crmid. */
  itemCodes: Map<number, string>;
  /** Records invoices need that are not in Xero yet: organizations/contacts of invoices without a contact, and unlinked items. */
  missing: { accounts: number[]; contacts: number[]; items: number[] };
}

async function codeField(knex: Knex, pair: 'products' | 'services'): Promise<string | undefined> {
  const meta = await ModuleMetadataCache.for(knex).get(pair === 'products' ? 'Products' : 'Services');
  const mapping = await currentMapping(knex, pair, meta.fields);
  return mapping.fields.find((f) => f.xeroField === 'code')?.vtigerField;
}

export async function resolveParties(knex: Knex, invoices: readonly VtigerInvoice[]): Promise<InvoiceParties> {
  const accountIds = [...new Set(invoices.flatMap((i) => (i.accountId ? [i.accountId] : [])))];
  const contactIds = [...new Set(invoices.flatMap((i) => (i.contactId ? [i.contactId] : [])))];
  const productIds = [...new Set(invoices.flatMap((i) => i.lineItems.filter((l) => l.productModule === 'Products' && l.productId).map((l) => l.productId as number)))];
  const serviceIds = [...new Set(invoices.flatMap((i) => i.lineItems.filter((l) => l.productModule === 'Services' && l.productId).map((l) => l.productId as number)))];
  const [accountLinks, contactLinks, productLinks, serviceLinks] = await Promise.all([
    findLinksByCrmids(knex, 'accounts', accountIds),
    findLinksByCrmids(knex, 'contacts', contactIds),
    findLinksByCrmids(knex, 'products', productIds),
    findLinksByCrmids(knex, 'services', serviceIds),
  ]);
  const usable = (l: SyncLink | undefined) => (l && l.state === 'active' ? l : undefined);
  const contacts = new Map<number, string>();
  const missing = { accounts: [] as number[], contacts: [] as number[], items: [] as number[] };
  for (const i of invoices) {
    const org = i.accountId ? usable(accountLinks.get(i.accountId)) : undefined;
    const person = i.contactId ? usable(contactLinks.get(i.contactId)) : undefined;
    const link = org ?? person;
    if (link) contacts.set(i.crmid, contactIdOfLink(link));
    else {
      if (i.accountId) missing.accounts.push(i.accountId);
      else if (i.contactId) missing.contacts.push(i.contactId);
    }
  }
  const itemCodes = new Map<number, string>();
  for (const [pair, links, ids] of [['products', productLinks, productIds], ['services', serviceLinks, serviceIds]] as const) {
    const field = ids.length > 0 ? await codeField(knex, pair) : undefined;
    for (const id of ids) {
      const link = usable(links.get(id));
      const code = link && field ? (link.xeroSnapshot[field] ?? link.vtigerSnapshot[field]) : undefined;
      if (code) itemCodes.set(id, code);
      else missing.items.push(id);
    }
  }
  missing.accounts = [...new Set(missing.accounts)];
  missing.contacts = [...new Set(missing.contacts)];
  return { contacts, itemCodes, missing };
}
