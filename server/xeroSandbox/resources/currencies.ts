/**
 * PUT /Currencies: an admin adds a currency to the organisation (Xero takes one Currency object, not a batch).
 * Adding one the organisation already has answers it unchanged. Currencies cannot be removed, as in Xero.
 */
import type { XeroCurrency } from '../model.js';
import type { OrgStore } from '../orgStore.js';
import { str, type ElementOutcome, type WriteInput } from './elementOutcome.js';

const NAMES: Record<string, string> = {
  CHF: 'Swiss Franc', SGD: 'Singapore Dollar', HKD: 'Hong Kong Dollar', CNY: 'Chinese Yuan', KRW: 'South Korean Won',
};

export function saveCurrency(org: OrgStore, raw: WriteInput): ElementOutcome<XeroCurrency> {
  const code = str(raw['Code'])?.trim().toUpperCase();
  if (code === undefined || !/^[A-Z]{3}$/.test(code)) return { ok: false, errors: [`The currency code ${String(raw['Code'] ?? '')} is not valid.`] };
  const existing = org.currencies.get(code);
  if (existing !== undefined) return { ok: true, record: existing };
  return { ok: true, record: org.currencies.put({ Code: code, Description: str(raw['Description']) ?? NAMES[code] ?? code }) };
}
