import type { SyncPair } from '../sync/types.js';

/** Module names as Vtiger's menus show them (an Accounts record is an "Organization"). */
export const PAIR_LABELS: Readonly<Record<SyncPair, string>> = {
  contacts: 'Contacts',
  accounts: 'Organizations',
  products: 'Products',
  services: 'Services',
};
