import { z } from 'zod';
import { defineEndpoint } from './endpoint.js';

/**
 * Settings → XTiger → Field Mapping → Invoices → Tax map (admin): each Vtiger tax and group combination ↔ one of
 * the organisation's Xero tax rates, kept in the invoice settings (`taxMap`, `shippingTaxMap`, `zeroTaxType`).
 *
 * GET /api/settings/tax-map   combinations (from vtiger_inventorytaxinfo / vtiger_shippingtaxinfo: each tax
 *                             alone, all active taxes together as the group tax, and every combination found on
 *                             invoice lines), the Xero rates (read from /TaxRates), what each resolves to now.
 * PUT /api/settings/tax-map   save; refused (400, `details.field` = the combination key) when a mapped rate's
 *                             effective % differs from the combination's total %, the rate is unknown or
 *                             archived, cannot be used on sales, or the zero-tax type is not a 0 % rate.
 */
export const taxComponentSchema = z.object({
  /** tax1, tax2 … (shtax1 … for S&H). */
  name: z.string(),
  label: z.string(),
  /** As stored ("4.500" → "4.5"). */
  percent: z.string(),
  /** Compound on other taxes (Vtiger's compoundon). */
  compoundOn: z.array(z.string()),
  /** Deleted taxes still appear on old invoices. */
  active: z.boolean(),
});

export const taxCombinationSchema = z.object({
  /** The tax map key: names in tax order joined with "+" (`tax1+tax2`, `shtax1`). */
  key: z.string(),
  kind: z.enum(['lines', 'shipping']),
  taxes: z.array(taxComponentSchema),
  /** Effective total % of the combination (compound taxes included), e.g. "27". */
  percent: z.string(),
  /** Where it comes from: a single tax, the group of all active taxes, found on invoice lines. */
  origins: z.array(z.enum(['single', 'group', 'invoices'])),
  /** Invoice lines (or S&H of invoices) using it now. */
  usedOnInvoiceLines: z.number().int(),
  /** The admin's choice (Xero TaxType), null when not mapped. */
  mapped: z.string().nullable(),
  /** What an invoice would use now: the mapped rate, else the one active Xero rate of the same %. */
  resolved: z.string().nullable(),
  /** Why it does not resolve (or why the mapped rate is wrong), in the user's language; null when fine. */
  problem: z.string().nullable(),
});
export type TaxCombination = z.infer<typeof taxCombinationSchema>;

export const xeroTaxRateOptionSchema = z.object({
  taxType: z.string(),
  name: z.string(),
  /** Effective rate in percent, as text ("27.0000" → "27"). */
  effectiveRate: z.string(),
  active: z.boolean(),
  canApplyToRevenue: z.boolean().nullable(),
  canApplyToExpenses: z.boolean().nullable(),
  componentNames: z.array(z.string()),
});
export type XeroTaxRateOption = z.infer<typeof xeroTaxRateOptionSchema>;

export const taxMapViewSchema = z.object({
  combinations: z.array(taxCombinationSchema),
  xeroTaxRates: z.array(xeroTaxRateOptionSchema),
  /** The Xero TaxType of untaxed lines; null: NONE, or the one 0 % rate. */
  zeroTaxType: z.string().nullable(),
  /** Xero could not be read (not connected, unreachable): the rates are empty and this says why. */
  xeroError: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Rules checked on save, in the user's language (the screen may show them as help). */
  rules: z.array(z.string()),
});
export type TaxMapView = z.infer<typeof taxMapViewSchema>;

const taxKey = z.string().regex(/^tax\d+(\+tax\d+)*$/, 'a key is tax names joined with "+", e.g. tax1+tax2');
const shippingKey = z.string().regex(/^shtax\d+(\+shtax\d+)*$/, 'a key is S&H tax names joined with "+", e.g. shtax1+shtax2');
const taxType = z.string().trim().min(1).max(50);

export const getTaxMap = defineEndpoint({
  method: 'get',
  path: '/api/settings/tax-map',
  access: 'admin',
  response: taxMapViewSchema,
});

export const saveTaxMap = defineEndpoint({
  method: 'put',
  path: '/api/settings/tax-map',
  access: 'admin',
  body: z
    .object({
      /** Key → Xero TaxType; a key left out is unmapped (matched by rate). */
      taxMap: z.record(taxKey, taxType),
      shippingTaxMap: z.record(shippingKey, taxType).optional(),
      zeroTaxType: taxType.nullable().optional(),
    })
    .strict(),
  response: taxMapViewSchema,
});
