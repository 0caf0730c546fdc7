import type { RunModule } from '../sync/run/types.js';

/** Module names as Vtiger's menus show them (an Accounts record is an "Organization"). */
export const PAIR_LABELS: Readonly<Record<RunModule, string>> = {
  contacts: 'Contacts',
  accounts: 'Organizations',
  products: 'Products',
  services: 'Services',
  invoices: 'Invoices',
};
