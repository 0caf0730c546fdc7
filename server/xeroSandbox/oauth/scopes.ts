/** Xero's OAuth scopes, and which of them let a token call each group of accounting operations. */
export const KNOWN_SCOPES = new Set([
  'openid', 'profile', 'email', 'offline_access',
  'accounting.transactions', 'accounting.transactions.read', 'accounting.contacts', 'accounting.contacts.read',
  'accounting.settings', 'accounting.settings.read', 'accounting.invoices', 'accounting.invoices.read',
  'accounting.payments', 'accounting.payments.read', 'accounting.banktransactions', 'accounting.banktransactions.read',
  'accounting.reports.read', 'accounting.journals.read', 'accounting.attachments', 'accounting.attachments.read',
  'accounting.budgets.read', 'files', 'files.read', 'assets', 'assets.read', 'projects', 'projects.read',
]);

export type ScopeGroup = 'settings' | 'contacts' | 'invoices' | 'payments' | 'banktransactions';

const GRANTING: Record<ScopeGroup, string[]> = {
  settings: ['accounting.settings'],
  contacts: ['accounting.contacts'],
  invoices: ['accounting.invoices', 'accounting.transactions'],
  payments: ['accounting.payments', 'accounting.transactions'],
  banktransactions: ['accounting.banktransactions', 'accounting.transactions'],
};

/** Whether `scopes` allow a read (GET) or a write of this group: `.read` scopes only read. */
export function scopeAllows(scopes: readonly string[], group: ScopeGroup, write: boolean): boolean {
  return GRANTING[group].some((s) => scopes.includes(s) || (!write && scopes.includes(`${s}.read`)));
}
