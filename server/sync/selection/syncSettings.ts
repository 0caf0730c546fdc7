import { z } from 'zod';
import { XTigerError } from '../../errors/XTigerError.js';
import { XERO_FIELDS } from '../../vtiger/xeroInformationBlock.js';
import { CONFLICT_POLICIES, PAIR_MODULE, type SyncPair } from '../types.js';
import type { VtigerFieldInfo } from '../mapping/vtigerFields.js';

/**
 * Sync settings per module pair: which records take part (selection), which way they flow (direction), what
 * happens when both sides changed the same field (conflict policy), and whether a Vtiger delete archives the
 * Xero record.
 *
 * Selection by status: Contacts and Organizations have no status field in Vtiger, so the admin chooses a
 * picklist (or checkbox) field of the module and the values that take part, e.g. Organizations `accounttype` in
 * (Customer, Reseller). Products and Services use `discontinued` ("Product Active" / "Active": "1" = active).
 */
export const selectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  /** Records with "Allow XTiger Sync" (cf_xt_allow_sync) ticked. */
  z.object({ kind: z.literal('allowSync') }),
  z.object({ kind: z.literal('status'), field: z.string().min(1).max(100), values: z.array(z.string()).min(1).max(200) }),
  z.object({ kind: z.literal('ids'), crmids: z.array(z.number().int().positive()).min(1).max(10_000) }),
]);
export type Selection = z.infer<typeof selectionSchema>;

export const moduleSyncSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  direction: z.enum(['both', 'toXero', 'toVtiger']).default('both'),
  selection: selectionSchema.default({ kind: 'all' }),
  conflictPolicy: z.enum(CONFLICT_POLICIES).default('most_recent'),
  archiveInXeroOnVtigerDelete: z.boolean().default(true),
});
export type ModuleSyncSettings = z.infer<typeof moduleSyncSettingsSchema>;

export const DEFAULT_SYNC_SETTINGS: ModuleSyncSettings = moduleSyncSettingsSchema.parse({});

/** The field suggested for selection by status; undefined where the admin must choose one. */
export const SUGGESTED_STATUS_FIELD: Readonly<Record<SyncPair, string | undefined>> = {
  contacts: undefined,
  accounts: 'accounttype',
  products: 'discontinued',
  services: 'discontinued',
};

export const ALLOW_SYNC_FIELD = XERO_FIELDS.allowSync.fieldname;

function invalid(message: string, details: Record<string, unknown>): XTigerError {
  return new XTigerError('SYNC_SETTINGS_INVALID', message, { details });
}

/** Parses settings and checks the selection against the module's fields; a typed error naming the field or value. */
export function validateSyncSettings(pair: SyncPair, input: unknown, vtigerFields: readonly VtigerFieldInfo[]): ModuleSyncSettings {
  const parsed = moduleSyncSettingsSchema.safeParse(input);
  const module = PAIR_MODULE[pair];
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`${module} sync settings are malformed at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}.`, { pair });
  }
  const selection = parsed.data.selection;
  if (selection.kind === 'allowSync' && !vtigerFields.some((f) => f.name === ALLOW_SYNC_FIELD)) {
    throw invalid(`${module} has no "Allow XTiger Sync" field (${ALLOW_SYNC_FIELD}); install XTiger's Vtiger module first.`, { pair, field: ALLOW_SYNC_FIELD });
  }
  if (selection.kind === 'status') {
    const field = vtigerFields.find((f) => f.name === selection.field);
    if (!field) throw invalid(`${module} has no field "${selection.field}" to select records by.`, { pair, field: selection.field });
    if (field.dataType === 'boolean') {
      const bad = selection.values.find((v) => v !== '0' && v !== '1');
      if (bad !== undefined) throw invalid(`"${field.label}" (${field.name}) is a checkbox: select by "1" (ticked) or "0", not "${bad}".`, { pair, field: field.name, value: bad });
    } else if (field.dataType === 'picklist') {
      const bad = selection.values.find((v) => !field.picklistValues.includes(v));
      if (bad !== undefined) throw invalid(`"${bad}" is not a value of ${module} field "${field.label}" (${field.name}).`, { pair, field: field.name, value: bad });
    } else {
      throw invalid(`${module} field "${field.label}" (${field.name}) is a ${field.dataType}; select by a picklist or checkbox field.`, { pair, field: field.name });
    }
  }
  return parsed.data;
}
