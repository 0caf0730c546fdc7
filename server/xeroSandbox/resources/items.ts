/**
 * Items (products and services): Code required, at most 30 characters and unique; Name at most 50; the sales
 * and purchase details' account codes and tax types must exist. POST matches on ItemID, then Code.
 */
import type { XeroItem, XeroItemDetails } from '../model.js';
import type { OrgStore } from '../orgStore.js';
import { money, newGuid } from '../xeroFormats.js';
import { checkLength, sameText, str, withoutSystemFields, type ElementOutcome, type WriteInput } from './elementOutcome.js';

export const ITEM_FIELDS = [
  'ItemID', 'Code', 'Name', 'Description', 'PurchaseDescription', 'IsSold', 'IsPurchased', 'IsTrackedAsInventory',
  'SalesDetails', 'PurchaseDetails', 'UpdatedDateUTC', 'QuantityOnHand', 'TotalCostPool', 'InventoryAssetAccountCode',
];

export function findItem(org: OrgStore, input: WriteInput): XeroItem | undefined {
  const id = str(input['ItemID']);
  if (id !== undefined) return org.items.get(id);
  const code = str(input['Code']);
  return code === undefined ? undefined : org.items.find((i) => sameText(i.Code, code));
}

function checkDetails(org: OrgStore, errors: string[], details: unknown, label: string, unitdp: number): XeroItemDetails | undefined {
  if (details === undefined || details === null || typeof details !== 'object') return undefined;
  const d = details as XeroItemDetails;
  if (d.AccountCode !== undefined && d.AccountCode !== '' && org.accounts.activeByCode(d.AccountCode) === undefined) {
    errors.push(`${label}: Account code '${d.AccountCode}' is not a valid code for this document.`);
  }
  if (d.TaxType !== undefined && d.TaxType !== '' && org.taxRates.active(d.TaxType) === undefined) {
    errors.push(`${label}: The TaxType code '${d.TaxType}' does not exist or cannot be used for this type of transaction.`);
  }
  return { ...d, ...(typeof d.UnitPrice === 'number' ? { UnitPrice: money(d.UnitPrice, unitdp) } : {}) };
}

export function saveItem(org: OrgStore, raw: WriteInput, mode: 'create' | 'upsert', unitdp = 2): ElementOutcome<XeroItem> {
  const input = withoutSystemFields(raw, ['QuantityOnHand', 'TotalCostPool', 'QuantityAvailable', 'QuantityOnBackOrder']);
  const id = str(raw['ItemID']);
  const existing = id !== undefined || mode === 'upsert' ? findItem(org, raw) : undefined;
  if (id !== undefined && existing === undefined) return { ok: false, errors: [`Item with ItemID ${id} could not be found.`] };
  const merged = { ...(existing ?? {}), ...input } as WriteInput;
  const errors: string[] = [];
  // Codes are stored trimmed and compared ignoring case (sameText): "tn-2000" and " TN-2000 " are one item — a PUT
  // of the second is refused as a duplicate, and POST /Items by Code updates the first. Xero documents only "unique"
  // and "max length = 30" (xero_accounting.yaml); how it compares codes is not documented anywhere we could find.
  // The sandbox keeps the stricter reading, so no test passes by relying on case to tell two items apart.
  const code = str(merged['Code'])?.trim();
  if (code === undefined || code === '') errors.push('Item Code must be specified.');
  checkLength(errors, { Code: code }, 'Code', 30, 'Item Code');
  checkLength(errors, merged, 'Name', 50, 'Item Name');
  checkLength(errors, merged, 'Description', 4000, 'Description');
  checkLength(errors, merged, 'PurchaseDescription', 4000, 'Purchase Description');
  if (code !== undefined && code !== '' && org.items.find((i) => i.ItemID !== existing?.ItemID && sameText(i.Code, code)) !== undefined) {
    errors.push(`Item code '${code}' already exists.`);
  }
  const sales = checkDetails(org, errors, merged['SalesDetails'], 'Sales details', unitdp);
  const purchase = checkDetails(org, errors, merged['PurchaseDetails'], 'Purchase details', unitdp);
  if (merged['IsTrackedAsInventory'] === true && !str(merged['InventoryAssetAccountCode'])) {
    errors.push('An inventory asset account must be specified for a tracked inventory item.');
  }
  if (errors.length > 0) return { ok: false, errors };
  const record: XeroItem = {
    IsSold: sales !== undefined,
    IsPurchased: purchase !== undefined,
    IsTrackedAsInventory: false,
    ...merged,
    ...(sales !== undefined ? { SalesDetails: sales } : {}),
    ...(purchase !== undefined ? { PurchaseDetails: purchase } : {}),
    ItemID: existing?.ItemID ?? newGuid(),
    Code: code as string,
    UpdatedDateUTC: org.stamp(),
  };
  return { ok: true, record: org.items.put(record) };
}
