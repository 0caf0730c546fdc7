import type { Knex } from 'knex';
import type { TaxCombination, TaxMapView } from '../http/contracts/taxMap.js';
import { XTigerError, isXTigerError } from '../errors/XTigerError.js';
import { translate } from '../i18n/translate.js';
import { dec, plain, roundTo } from '../money/decimal.js';
import { readInvoiceSyncSettings, saveInvoiceSyncSettings } from '../sync/invoices/invoiceSettings.js';
import { describeTaxes, resolveTaxType, taxKey, zeroTaxType, type XeroTaxRateInfo } from '../sync/invoices/taxMap.js';
import { appliedTaxes, effectiveTaxPercent } from '../sync/invoices/vtigerArithmetic.js';
import type { AppliedTax } from '../vtiger/records/recordTypes.js';
import { readInvoices } from '../vtiger/records/invoices.js';
import { readTaxDefinitions, type TaxDefinition } from '../vtiger/records/taxes.js';

/**
 * Settings → XTiger → Field Mapping → Invoices → Tax map: each Vtiger tax combination ↔ one Xero tax rate,
 * checked with the same resolution the invoice sync uses (server/sync/invoices/taxMap.ts), so what the screen
 * says is what a sync will do.
 *
 * Combinations: each active tax alone, all active taxes together (Vtiger's group tax), and every combination found
 * on the newest invoices (individual tax mode lines, group taxes, S&H taxes).
 */
const INVOICES_SCANNED = 500;

type Origin = TaxCombination['origins'][number];

interface Found {
  kind: 'lines' | 'shipping';
  taxes: AppliedTax[];
  origins: Set<Origin>;
  used: number;
}

const asApplied = (d: TaxDefinition): AppliedTax => ({ taxName: d.taxName, label: d.label, percentage: d.percentage });

async function findCombinations(knex: Knex): Promise<{ found: Found[]; items: TaxDefinition[]; shipping: TaxDefinition[] }> {
  const defs = await readTaxDefinitions(knex);
  const byKey = new Map<string, Found>();
  const add = (kind: Found['kind'], taxes: AppliedTax[], origin: Origin, used: number): void => {
    if (taxes.length === 0) return;
    const key = `${kind}:${taxKey(taxes)}`;
    const f = byKey.get(key) ?? { kind, taxes, origins: new Set<Origin>(), used: 0 };
    f.origins.add(origin);
    f.used += used;
    byKey.set(key, f);
  };
  for (const [kind, list] of [['lines', defs.items], ['shipping', defs.shipping]] as const) {
    const active = list.filter((d) => !d.deleted);
    for (const d of active) add(kind, [asApplied(d)], 'single', 0);
    if (active.length > 1) add(kind, active.map(asApplied), 'group', 0);
  }
  const ids = ((await knex('vtiger_crmentity').where({ setype: 'Invoice', deleted: 0 }).orderBy('crmid', 'desc').limit(INVOICES_SCANNED).select('crmid')) as Array<{ crmid: number }>).map((r) => Number(r.crmid));
  if (ids.length > 0) {
    for (const invoice of await readInvoices(knex, ids)) {
      if (invoice.taxMode === 'group') add('lines', appliedTaxes(invoice.groupTaxes), 'invoices', invoice.lineItems.length);
      else for (const line of invoice.lineItems) add('lines', appliedTaxes(line.taxes), 'invoices', 1);
      for (const charge of invoice.charges) add('shipping', appliedTaxes(charge.taxes), 'invoices', 1);
    }
  }
  return { found: [...byKey.values()], items: defs.items, shipping: defs.shipping };
}

/** The organisation's tax rates through the Xero API wrapper; an error (not connected, unreachable) is reported, not thrown. */
export type ReadTaxRates = () => Promise<XeroTaxRateInfo[]>;

interface Problem {
  key: string;
  message: string;
}

function checkCombination(
  f: Found,
  defs: readonly TaxDefinition[],
  map: Readonly<Record<string, string>>,
  rates: readonly XeroTaxRateInfo[] | undefined,
  lang: string | undefined,
): { combination: TaxCombination; problem: Problem | undefined } {
  const key = taxKey(f.taxes);
  const percent = effectiveTaxPercent(f.taxes, defs).percent;
  const mapped = map[key] ?? null;
  const taxes = describeTaxes(f.taxes);
  const shown = plain(roundTo(percent, 4));
  let resolved: string | null = null;
  let message: string | undefined;
  if (rates) {
    if (mapped !== null) {
      const rate = rates.find((r) => r.taxType === mapped);
      if (!rate) message = translate(lang, 'settings.taxMap.unknownRate', { key, taxType: mapped });
      else if (!rate.active) message = translate(lang, 'settings.taxMap.inactiveRate', { key, name: rate.name, taxType: mapped });
      else if (!roundTo(rate.effectiveRate, 4).equals(roundTo(percent, 4))) {
        message = translate(lang, 'settings.taxMap.rateMismatch', { key, taxes, percent: shown, name: rate.name, taxType: mapped, xeroPercent: plain(rate.effectiveRate) });
      } else if (f.kind === 'lines' && rate.canApplyToRevenue === false) message = translate(lang, 'settings.taxMap.notOnSales', { key, name: rate.name, taxType: mapped });
      else resolved = mapped;
    } else {
      const answer = resolveTaxType({ record: key, where: key, taxes: f.taxes, percent, side: 'sales', map: {}, rates, zeroTaxType: undefined });
      if (answer.ok) resolved = answer.taxType;
      else {
        const candidates = rates.filter((r) => r.active && r.canApplyToRevenue !== false && roundTo(r.effectiveRate, 4).equals(roundTo(percent, 4)));
        message =
          candidates.length > 1
            ? translate(lang, 'settings.taxMap.ambiguous', { key, taxes, percent: shown, candidates: candidates.map((r) => `${r.name} (${r.taxType})`).join(', ') })
            : translate(lang, 'settings.taxMap.noRate', { key, taxes, percent: shown });
      }
    }
  }
  const byName = new Map(defs.map((d) => [d.taxName, d]));
  return {
    combination: {
      key,
      kind: f.kind,
      taxes: f.taxes.map((t) => {
        const d = byName.get(t.taxName);
        return { name: t.taxName, label: t.label || t.taxName, percent: plain(dec(t.percentage)), compoundOn: (d?.compoundOn ?? []).map((id) => defs.find((x) => String(x.taxId) === id)?.taxName ?? id), active: d ? !d.deleted : false };
      }),
      percent: shown,
      origins: (['single', 'group', 'invoices'] as const).filter((o) => f.origins.has(o)),
      usedOnInvoiceLines: f.used,
      mapped,
      resolved,
      problem: message ?? null,
    },
    // Only a choice the admin made is refused on save; an unresolved unmapped combination is shown, not refused.
    problem: mapped !== null && message !== undefined ? { key, message } : undefined,
  };
}

function rules(lang: string | undefined): string[] {
  return (['settings.taxMap.rule.rateEqual', 'settings.taxMap.rule.active', 'settings.taxMap.rule.unmapped', 'settings.taxMap.rule.zero', 'settings.taxMap.rule.partNumber'] as const).map((k) => translate(lang, k));
}

async function build(
  knex: Knex,
  readRates: ReadTaxRates,
  maps: { taxMap: Record<string, string>; shippingTaxMap: Record<string, string>; zeroTaxType: string | null },
  lang: string | undefined,
): Promise<{ view: TaxMapView; problems: Problem[] }> {
  const { found, items, shipping } = await findCombinations(knex);
  let rates: XeroTaxRateInfo[] | undefined;
  let xeroError: TaxMapView['xeroError'] = null;
  try {
    rates = await readRates();
  } catch (err) {
    if (!isXTigerError(err)) throw err;
    xeroError = { code: err.code, message: translate(lang, 'settings.taxMap.xeroUnavailable', { message: err.message }) };
  }
  // Keys the admin mapped that no combination shows (a tax added since, or a typo) are still checked.
  for (const [kind, map, defs] of [['lines', maps.taxMap, items], ['shipping', maps.shippingTaxMap, shipping]] as const) {
    for (const key of Object.keys(map)) {
      if (found.some((f) => f.kind === kind && taxKey(f.taxes) === key)) continue;
      const names = key.split('+');
      const unknown = names.filter((n) => !defs.some((d) => d.taxName === n));
      if (unknown.length > 0) {
        throw new XTigerError('SYNC_SETTINGS_INVALID', translate(lang, 'settings.taxMap.unknownKey', { key, names: unknown.join(', ') }), { details: { field: `${kind === 'lines' ? 'taxMap' : 'shippingTaxMap'}.${key}` } });
      }
      found.push({ kind, taxes: names.map((n) => asApplied(defs.find((d) => d.taxName === n) as TaxDefinition)), origins: new Set(), used: 0 });
    }
  }
  const problems: Problem[] = [];
  const combinations = found
    .sort((a, b) => (a.kind === b.kind ? taxKey(a.taxes).localeCompare(taxKey(b.taxes), 'en', { numeric: true }) : a.kind === 'lines' ? -1 : 1))
    .map((f) => {
      const checked = checkCombination(f, f.kind === 'lines' ? items : shipping, f.kind === 'lines' ? maps.taxMap : maps.shippingTaxMap, rates, lang);
      if (checked.problem) problems.push({ ...checked.problem, key: `${f.kind === 'lines' ? 'taxMap' : 'shippingTaxMap'}.${checked.problem.key}` });
      return checked.combination;
    });
  if (rates && maps.zeroTaxType !== null && zeroTaxType(rates, 'sales', maps.zeroTaxType) === undefined) {
    problems.push({ key: 'zeroTaxType', message: translate(lang, 'settings.taxMap.zeroNotZero', { taxType: maps.zeroTaxType }) });
  }
  return {
    view: {
      combinations,
      xeroTaxRates: (rates ?? []).map((r) => ({
        taxType: r.taxType,
        name: r.name,
        effectiveRate: plain(r.effectiveRate),
        active: r.active,
        canApplyToRevenue: r.canApplyToRevenue ?? null,
        canApplyToExpenses: r.canApplyToExpenses ?? null,
        componentNames: r.componentNames,
      })),
      zeroTaxType: maps.zeroTaxType,
      xeroError,
      rules: rules(lang),
    },
    problems,
  };
}

export async function readTaxMapView(knex: Knex, readRates: ReadTaxRates, lang: string | undefined): Promise<TaxMapView> {
  const settings = await readInvoiceSyncSettings(knex);
  return (await build(knex, readRates, settings, lang)).view;
}

/**
 * Saves the map when every mapped combination resolves to its rate (equal effective rate, active, usable on sales)
 * and the zero-tax type is a 0 % rate; otherwise 400 naming the first combination (all in `details.problems`).
 * Without the organisation's rates (Xero not reachable) nothing can be checked, so nothing is saved.
 */
export async function saveTaxMap(
  knex: Knex,
  readRates: ReadTaxRates,
  input: { taxMap: Record<string, string>; shippingTaxMap?: Record<string, string> | undefined; zeroTaxType?: string | null | undefined },
  lang: string | undefined,
): Promise<TaxMapView> {
  const settings = await readInvoiceSyncSettings(knex);
  const maps = { taxMap: input.taxMap, shippingTaxMap: input.shippingTaxMap ?? settings.shippingTaxMap, zeroTaxType: input.zeroTaxType === undefined ? settings.zeroTaxType : input.zeroTaxType };
  const { view, problems } = await build(knex, readRates, maps, lang);
  if (view.xeroError) throw new XTigerError('XERO_NOT_CONNECTED', view.xeroError.message, { httpStatus: 409, details: { field: 'taxMap' } });
  const first = problems[0];
  if (first) throw new XTigerError('SYNC_SETTINGS_INVALID', first.message, { details: { field: first.key, problems } });
  await saveInvoiceSyncSettings(knex, { ...settings, ...maps });
  return view;
}
