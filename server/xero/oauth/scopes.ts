/**
 * Scope sets: only what XTiger uses. No `openid profile email`: XTiger decides nothing on the Xero user's
 * identity (the organisation comes from /connections), so it asks for no id token. Apps created on or after 2 March 2026 cannot request `accounting.transactions` and use the granular
 * scopes; older apps may keep the broad set until September 2027. `offline_access` gives the refresh token.
 */
export type ScopeSet = 'granular' | 'broad';

export const SCOPES: Record<ScopeSet, readonly string[]> = {
  granular: [
    'offline_access',
    'accounting.contacts',
    'accounting.settings',
    'accounting.invoices',
    'accounting.payments',
    'accounting.banktransactions',
  ],
  broad: ['offline_access', 'accounting.transactions', 'accounting.contacts', 'accounting.settings'],
};

export function scopesFor(set: ScopeSet): string[] {
  return [...SCOPES[set]];
}
