import { z } from 'zod';
import { CONFLICT_POLICIES } from '../../sync/types.js';
import { moduleScheduleSchema, SCHEDULED_MODULES } from '../../settings/scheduleSettings.js';
import { XERO_INVOICE_TYPES, xeroInvoiceTypeOf } from '../../vtiger/xeroInformationBlock.js';
import { defineEndpoint } from './endpoint.js';

/**
 * Settings → XTiger → Sync Settings (admin).
 *
 * GET /api/settings/sync   per module: on/off, direction, conflict policy, which records (with the module's
 *                          candidate status fields and their values for a multi-select), schedule and next run;
 *                          invoices: default Xero Invoice Type, bank account for receipts (the organisation's BANK
 *                          accounts from XeroAccounts), account codes.
 * PUT /api/settings/sync   saves what is given (each module given is saved whole) and marks Sync Settings saved:
 *                          from then on the schedule runs. Until the first save nothing runs on a schedule; the
 *                          answer then has `scheduleActive: false`, `nextRunAt: null` everywhere and a `notice`.
 *                          Bad input → 400 with `details.field` (e.g. `modules.Accounts.selection.values`).
 */
export const SYNC_SETTINGS_MODULES = SCHEDULED_MODULES;
export type SyncSettingsModule = (typeof SYNC_SETTINGS_MODULES)[number];

export const DIRECTIONS = ['both', 'toXero', 'toVtiger'] as const;

export const selectionInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  /** Only records with "Allow XTiger Sync" ticked. */
  z.object({ kind: z.literal('allowSync') }).strict(),
  /** Records whose `field` (a picklist or checkbox of the module) has one of `values`. Invoice: `invoicestatus` only. */
  z.object({ kind: z.literal('status'), field: z.string().trim().min(1).max(100), values: z.array(z.string().max(200)).min(1).max(200) }).strict(),
]);
export type SelectionInput = z.infer<typeof selectionInputSchema>;

export const moduleSettingsInputSchema = z
  .object({
    enabled: z.boolean(),
    direction: z.enum(DIRECTIONS),
    /** Ignored for Invoice (its fields are only ever sent one way at a time). */
    conflictPolicy: z.enum(CONFLICT_POLICIES).optional(),
    selection: selectionInputSchema,
    /** Contacts and Organizations: a Vtiger delete archives the Xero contact. */
    archiveInXeroOnVtigerDelete: z.boolean().optional(),
    schedule: moduleScheduleSchema,
  })
  .strict();
export type ModuleSettingsInput = z.infer<typeof moduleSettingsInputSchema>;

const accountCode = z.string().trim().min(1).max(10);

/**
 * A "Xero Invoice Type". A value of an earlier version (1.0.0's 'Invoice', e.g. sent by a Sync Settings page opened
 * before the update) is taken as its new name; anything else not in XERO_INVOICE_TYPES is refused.
 */
const xeroInvoiceTypeSchema = z.preprocess((v) => (typeof v === 'string' ? (xeroInvoiceTypeOf(v) ?? v) : v), z.enum(XERO_INVOICE_TYPES));

export const invoiceOptionsInputSchema = z
  .object({
    /** Preselected "Xero Invoice Type" of new Vtiger invoices (and how an empty one is read). */
    defaultInvoiceType: xeroInvoiceTypeSchema,
    /** Code of a BANK account of the organisation (receipts are money received into it); null: none yet. */
    receiptBankAccount: accountCode.nullable(),
    accounts: z
      .object({
        sales: z.object({ Products: accountCode, Services: accountCode }).strict(),
        purchases: z.object({ Products: accountCode, Services: accountCode }).strict(),
        shipping: accountCode.nullable(),
        adjustment: accountCode.nullable(),
        rounding: accountCode.nullable(),
      })
      .strict(),
    onLockedChange: z.enum(['skip', 'voidAndRecreate']),
    paymentsToVtiger: z.boolean(),
  })
  .strict();
export type InvoiceOptionsInput = z.infer<typeof invoiceOptionsInputSchema>;

export const statusFieldOptionSchema = z.object({
  name: z.string(),
  label: z.string(),
  dataType: z.enum(['picklist', 'boolean']),
  /** Picklist values in Vtiger's order; "1" and "0" for a checkbox. */
  values: z.array(z.object({ value: z.string(), label: z.string() })),
  /** XTiger's suggestion for this module (Organizations: Type; Products and Services: Active). */
  suggested: z.boolean(),
});
export type StatusFieldOption = z.infer<typeof statusFieldOptionSchema>;

export const moduleSettingsViewSchema = z.object({
  module: z.enum(SYNC_SETTINGS_MODULES),
  enabled: z.boolean(),
  direction: z.enum(DIRECTIONS),
  /** null for Invoice. */
  conflictPolicy: z.enum(CONFLICT_POLICIES).nullable(),
  selection: selectionInputSchema,
  archiveInXeroOnVtigerDelete: z.boolean().nullable(),
  /** Which kinds of selection the module offers (every module: all, allowSync, status). */
  selectionKinds: z.array(z.enum(['all', 'allowSync', 'status'])),
  /** The fields a status selection can use; Invoice: only its Status (invoicestatus). */
  statusFields: z.array(statusFieldOptionSchema),
  schedule: moduleScheduleSchema,
  /** saved: the admin's; proposed: XTiger's proposal, not in force until saved. */
  scheduleSource: z.enum(['saved', 'proposed']),
  /** ISO 8601 UTC; null when off, or while nothing runs on a schedule (not saved yet). */
  nextRunAt: z.string().nullable(),
  /** The last scheduled run of the module (ISO), null when none. */
  lastScheduledRunAt: z.string().nullable(),
});
export type ModuleSettingsView = z.infer<typeof moduleSettingsViewSchema>;

export const bankAccountOptionSchema = z.object({ code: z.string(), name: z.string(), accountId: z.string(), status: z.string() });
export const accountOptionSchema = z.object({ code: z.string(), name: z.string(), type: z.string() });

export const syncSettingsViewSchema = z.object({
  /** Who saved Sync Settings first and when; null on a fresh install. */
  saved: z.object({ savedAt: z.string(), savedBy: z.number().int() }).nullable(),
  /** False until saved once: nothing runs on a schedule. */
  scheduleActive: z.boolean(),
  /** In the user's language: "Nothing runs on a schedule until you save Sync Settings." — null once saved. */
  notice: z.string().nullable(),
  modules: z.array(moduleSettingsViewSchema),
  invoice: invoiceOptionsInputSchema.extend({
    /** BANK accounts of the organisation (chart of accounts as last synced into XeroAccounts), for receipts. */
    bankAccounts: z.array(bankAccountOptionSchema),
    /** Active accounts with a code (revenue, expense, …) for the account codes. */
    accountOptions: z.array(accountOptionSchema),
    /** Empty when the chart of accounts has not been synced yet: says so in the user's language. */
    accountsNotice: z.string().nullable(),
  }),
  options: z.object({ directions: z.array(z.enum(DIRECTIONS)), conflictPolicies: z.array(z.enum(CONFLICT_POLICIES)), invoiceTypes: z.array(z.enum(XERO_INVOICE_TYPES)) }),
});
export type SyncSettingsView = z.infer<typeof syncSettingsViewSchema>;

export const getSyncSettings = defineEndpoint({
  method: 'get',
  path: '/api/settings/sync',
  access: 'admin',
  response: syncSettingsViewSchema,
});

export const saveSyncSettingsEndpoint = defineEndpoint({
  method: 'put',
  path: '/api/settings/sync',
  access: 'admin',
  body: z
    .object({
      modules: z
        .object({
          Contacts: moduleSettingsInputSchema.optional(),
          Accounts: moduleSettingsInputSchema.optional(),
          Products: moduleSettingsInputSchema.optional(),
          Services: moduleSettingsInputSchema.optional(),
          Invoice: moduleSettingsInputSchema.optional(),
        })
        .strict()
        .default({}),
      invoice: invoiceOptionsInputSchema.optional(),
    })
    .strict(),
  response: syncSettingsViewSchema,
});
