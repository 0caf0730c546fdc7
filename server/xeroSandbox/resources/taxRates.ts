/** Tax rates: PUT creates a rate from its components; the organisation assigns the next TAXnnn code. */
import type { XeroTaxComponent, XeroTaxRate } from '../model.js';
import type { OrgStore } from '../orgStore.js';
import { buildTaxRate } from '../demoOrganisation.js';
import { sameText, str, type ElementOutcome, type WriteInput } from './elementOutcome.js';

export const TAX_RATE_FIELDS = ['Name', 'TaxType', 'TaxComponents', 'Status', 'ReportTaxType', 'DisplayTaxRate', 'EffectiveRate'];

export function saveTaxRate(org: OrgStore, raw: WriteInput): ElementOutcome<XeroTaxRate> {
  const errors: string[] = [];
  const name = str(raw['Name'])?.trim();
  if (name === undefined || name === '') errors.push('Name must be specified.');
  else if (org.taxRates.all().some((r) => r.Status === 'ACTIVE' && sameText(r.Name, name))) errors.push(`A tax rate named '${name}' already exists.`);
  const comps = Array.isArray(raw['TaxComponents']) ? (raw['TaxComponents'] as WriteInput[]) : [];
  if (comps.length === 0) errors.push('At least one tax component must be specified.');
  const components: XeroTaxComponent[] = comps.map((c, i) => {
    const rate = c['Rate'];
    if (typeof rate !== 'number' || rate < 0 || rate > 100) errors.push(`Tax component ${i + 1}: Rate must be a number between 0 and 100.`);
    if (str(c['Name']) === undefined) errors.push(`Tax component ${i + 1}: Name must be specified.`);
    return { Name: str(c['Name']) ?? '', Rate: typeof rate === 'number' ? rate : 0, IsCompound: c['IsCompound'] === true, IsNonRecoverable: c['IsNonRecoverable'] === true };
  });
  if (errors.length > 0 || name === undefined) return { ok: false, errors };
  const rate = buildTaxRate(org.taxRates.nextCustomTaxType(), name, components, str(raw['ReportTaxType']) ?? 'OUTPUT', 'both');
  return { ok: true, record: org.taxRates.put(rate) };
}
