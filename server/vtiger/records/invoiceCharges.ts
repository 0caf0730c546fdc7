import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';
import type { AppliedTax } from './recordTypes.js';
import type { TaxDefinition } from './taxes.js';

/** One S&H-style charge of an inventory record, from vtiger_inventorychargesrel's JSON resolved against its definitions. */
export interface InvoiceCharge {
  chargeId: number;
  /** vtiger_inventorycharges.name (`Shipping & Handling`). */
  name: string;
  /** `Flat` or `Percent`. */
  format: string | null;
  /** The charge's value as stored in the JSON (`'10.00'`); null when Vtiger stored none. */
  amount: string | null;
  /** Taxes on the charge with the percentages stored for this record (`shtax1`…). */
  taxes: AppliedTax[];
}

interface ChargeDefinition {
  chargeid: number;
  name: string | null;
  format: string | null;
}

function invalid(recordId: number, what: string): XTigerError {
  return new XTigerError('VTIGER_INVALID_DATA', `Invoice record ${recordId}: vtiger_inventorychargesrel.charges ${what}.`, {
    details: { module: 'Invoice', crmid: recordId, table: 'vtiger_inventorychargesrel', column: 'charges' },
  });
}

function decimalText(value: unknown, recordId: number, what: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return value.trim();
  throw invalid(recordId, `has ${what} ${JSON.stringify(value)}, not a number`);
}

/** Parses one record's charges JSON (`{"1":{"value":"10.00","taxes":{"1":0,…}}}`). Pure. */
export function parseCharges(recordId: number, json: string | null, definitions: ReadonlyMap<number, ChargeDefinition>, shippingTaxes: readonly TaxDefinition[]): InvoiceCharge[] {
  if (json === null || json.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw invalid(recordId, 'is not valid JSON');
  }
  if (parsed === null || Array.isArray(parsed) || typeof parsed !== 'object') throw invalid(recordId, 'is not a JSON object of charges');
  return Object.entries(parsed as Record<string, unknown>)
    .map(([key, entry]): InvoiceCharge => {
      const chargeId = Number(key);
      if (!Number.isSafeInteger(chargeId) || entry === null || typeof entry !== 'object') throw invalid(recordId, `has a malformed charge "${key}"`);
      const { value, taxes } = entry as { value?: unknown; taxes?: unknown };
      const definition = definitions.get(chargeId);
      const taxEntries = taxes && typeof taxes === 'object' ? Object.entries(taxes as Record<string, unknown>) : [];
      return {
        chargeId,
        name: definition?.name ?? '',
        format: definition?.format ?? null,
        amount: decimalText(value, recordId, `charge ${chargeId} value`),
        taxes: taxEntries.map(([taxId, percentage]) => {
          const tax = shippingTaxes.find((t) => t.taxId === Number(taxId));
          return { taxName: tax?.taxName ?? `shtax${taxId}`, label: tax?.label ?? '', percentage: decimalText(percentage, recordId, `charge ${chargeId} tax ${taxId}`) ?? '0' };
        }),
      };
    })
    .sort((a, b) => a.chargeId - b.chargeId);
}

/** Charges of a batch of records: one query for the records' JSON, one for the charge definitions. */
export async function readCharges(knex: Knex, recordIds: readonly number[], shippingTaxes: readonly TaxDefinition[]): Promise<Map<number, InvoiceCharge[]>> {
  const charges = new Map<number, InvoiceCharge[]>();
  if (recordIds.length === 0) return charges;
  const [rows, definitions] = await Promise.all([
    knex('vtiger_inventorychargesrel').select('recordid', 'charges').whereIn('recordid', recordIds) as Promise<Array<{ recordid: number; charges: string | null }>>,
    knex('vtiger_inventorycharges').select('chargeid', 'name', 'format') as Promise<ChargeDefinition[]>,
  ]);
  const byId = new Map(definitions.map((d) => [d.chargeid, d]));
  for (const r of rows) charges.set(r.recordid, parseCharges(r.recordid, r.charges, byId, shippingTaxes));
  return charges;
}
