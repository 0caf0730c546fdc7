import type { Knex } from 'knex';
import { z } from 'zod';
import { XTigerError } from '../../errors/XTigerError.js';

/**
 * The admin's settings for invoices, bills and receipts (Settings → XTiger → Invoices), kept as JSON in
 * `xtiger_settings` under `sync.invoices`. The defaults are what a fresh install uses.
 *
 * Status mapping (Vtiger `invoicestatus` → the Xero status a new or editable document gets) — defaults:
 *   Created, AutoCreated → DRAFT;  Approved, Sent, Paid, Partially Paid → AUTHORISED;  Credit Invoice → refused
 *   (XTiger does not create credit notes);  any other value → `unmappedStatus` (DRAFT).
 *   `Cancel` is not mapped: a cancelled invoice is never sent; one already in Xero is voided (AUTHORISED, unpaid)
 *   or deleted (DRAFT/SUBMITTED).
 */
const accountCode = z.string().trim().min(1).max(10);
/** The field a status selection of invoices looks at (Vtiger's Status of Invoice); invoices offer no other. */
export const INVOICE_STATUS_FIELD = 'invoicestatus';
export const XERO_TARGET_STATUSES = ['DRAFT', 'SUBMITTED', 'AUTHORISED'] as const;
export type XeroTargetStatus = (typeof XERO_TARGET_STATUSES)[number];

export const DEFAULT_STATUS_MAP: Readonly<Record<string, XeroTargetStatus | 'refuse'>> = {
  Created: 'DRAFT',
  AutoCreated: 'DRAFT',
  Approved: 'AUTHORISED',
  Sent: 'AUTHORISED',
  Paid: 'AUTHORISED',
  'Partially Paid': 'AUTHORISED',
  'Credit Invoice': 'refuse',
};

const byModule = (products: string, services: string) =>
  z.object({ Products: accountCode.default(products), Services: accountCode.default(services) }).default({ Products: products, Services: services });

export const invoiceSyncSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  /** toXero: Vtiger invoices go to Xero; toVtiger: Xero invoices not in Vtiger are created there; both. */
  direction: z.enum(['both', 'toXero', 'toVtiger']).default('toXero'),
  /**
   * Which Vtiger invoices go to Xero: all, those with "Allow XTiger Sync" ticked, or those whose Status
   * (`invoicestatus`) is one of `selectionStatuses`. Settings stored before 'status' existed ('all', 'allowSync')
   * read unchanged. Xero → Vtiger does not look at it (invoiceSelection.ts says what leaves and enters it).
   */
  selection: z.enum(['all', 'allowSync', 'status']).default('all'),
  /** With selection 'status': the Vtiger Status values whose invoices go (kept but unused with the other kinds). */
  selectionStatuses: z.array(z.string().min(1).max(200)).max(200).default([]),
  statusMap: z.record(z.string(), z.enum([...XERO_TARGET_STATUSES, 'refuse'])).default({ ...DEFAULT_STATUS_MAP }),
  unmappedStatus: z.enum(XERO_TARGET_STATUSES).default('DRAFT'),
  accounts: z
    .object({
      /** Sales invoices and receipts: the revenue account of Products and Services lines. */
      sales: byModule('200', '200'),
      /** Bills: the expense account of Products and Services lines. */
      purchases: byModule('310', '310'),
      /** Per product or service (crmid → account code), winning over the module default. */
      items: z.record(z.string().regex(/^\d+$/), accountCode).default({}),
      /** S&H lines; null: the Products account of the document's side. */
      shipping: accountCode.nullable().default(null),
      /** The Vtiger adjustment; null: the Products account of the document's side. */
      adjustment: accountCode.nullable().default(null),
      /** The rounding line; null: the organisation's ROUNDING system account (read with the chart of accounts). */
      rounding: accountCode.nullable().default(null),
    })
    .default({ sales: { Products: '200', Services: '200' }, purchases: { Products: '310', Services: '310' }, items: {}, shipping: null, adjustment: null, rounding: null }),
  /** Receipts: the BANK account the money is received into (required for receipts). */
  receiptBankAccount: accountCode.nullable().default(null),
  /** Vtiger taxes (tax names joined with "+" in tax order, e.g. "tax1+tax2") → Xero TaxType. Unmapped ones are matched by rate. */
  taxMap: z.record(z.string().regex(/^tax\d+(\+tax\d+)*$/), z.string().min(1)).default({}),
  /** S&H taxes ("shtax1", "shtax1+shtax2") → Xero TaxType. */
  shippingTaxMap: z.record(z.string().regex(/^shtax\d+(\+shtax\d+)*$/), z.string().min(1)).default({}),
  /** The Xero TaxType of untaxed lines (S&H without tax, adjustment, rounding); null: NONE, or the one 0 % rate. */
  zeroTaxType: z.string().min(1).nullable().default(null),
  /** A Vtiger change to a document Xero has locked (AUTHORISED, PAID): logged as Skipped, or voided and re-created while unpaid. */
  onLockedChange: z.enum(['skip', 'voidAndRecreate']).default('skip'),
  /** Send the linked Xero item's code on lines (Xero then also tracks its inventory). */
  useItemCodes: z.boolean().default(true),
  /** Payments in Xero set received, balance and status of the Vtiger invoice. */
  paymentsToVtiger: z.boolean().default(true),
  vtigerStatuses: z
    .object({ paid: z.string().min(1).default('Paid'), partiallyPaid: z.string().min(1).default('Partially Paid'), unpaid: z.string().min(1).default('Sent') })
    .default({ paid: 'Paid', partiallyPaid: 'Partially Paid', unpaid: 'Sent' }),
  /** Xero → Vtiger: the product or service (crmid) for a Xero line whose item is not in Vtiger; null refuses such invoices. */
  fallbackItemId: z.number().int().positive().nullable().default(null),
  /** Language of the line texts XTiger writes into Xero ("Discount", "Rounding"). */
  language: z.string().max(10).default('en_us'),
}).refine((s) => s.selection !== 'status' || s.selectionStatuses.length > 0, {
  // An empty status selection would silently send nothing: refuse it, naming the setting.
  message: 'choose at least one Status when invoices are selected by status',
  path: ['selectionStatuses'],
});

export type InvoiceSyncSettings = z.output<typeof invoiceSyncSettingsSchema>;
export type InvoiceSyncSettingsInput = z.input<typeof invoiceSyncSettingsSchema>;

export const SETTINGS_NAME = 'sync.invoices';

export function parseInvoiceSyncSettings(input: unknown): InvoiceSyncSettings {
  const parsed = invoiceSyncSettingsSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new XTigerError('SYNC_SETTINGS_INVALID', `Invoice sync settings are malformed at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}.`, {
    details: { setting: issue?.path.join('.') },
  });
}

export async function readInvoiceSyncSettings(db: Knex): Promise<InvoiceSyncSettings> {
  const row = (await db('xtiger_settings').where({ name: SETTINGS_NAME }).first('value')) as { value: string } | undefined;
  return parseInvoiceSyncSettings(row ? (JSON.parse(row.value) as unknown) : {});
}

export async function saveInvoiceSyncSettings(db: Knex, input: InvoiceSyncSettingsInput): Promise<InvoiceSyncSettings> {
  const settings = parseInvoiceSyncSettings(input);
  await db('xtiger_settings')
    .insert({ name: SETTINGS_NAME, value: JSON.stringify(settings), is_secret: false, updated_at: db.fn.now() })
    .onConflict('name')
    .merge(['value', 'updated_at']);
  return settings;
}
