import type { Knex } from 'knex';
import type { SyncedModule } from '../xeroInformationBlock.js';
import { readContacts, type VtigerContact } from './contacts.js';
import { readInvoices, type VtigerInvoice } from './invoices.js';
import { readOrganizations, type VtigerOrganization } from './organizations.js';
import { readProducts, type VtigerProduct } from './products.js';
import type { ReadOptions } from './readModuleRecords.js';
import { readServices, type VtigerService } from './services.js';

export interface VtigerRecordByModule {
  Contacts: VtigerContact;
  Accounts: VtigerOrganization;
  Products: VtigerProduct;
  Services: VtigerService;
  Invoice: VtigerInvoice;
}

export type VtigerRecord = VtigerRecordByModule[SyncedModule];

const READERS: { [M in SyncedModule]: (knex: Knex, ids: readonly number[], options?: ReadOptions) => Promise<VtigerRecordByModule[M][]> } = {
  Contacts: readContacts,
  Accounts: readOrganizations,
  Products: readProducts,
  Services: readServices,
  Invoice: readInvoices,
};

/** Typed records of any synced module by crmid (in the order given; ids of other modules or unknown ids left out). */
export function readRecords<M extends SyncedModule>(knex: Knex, module: M, ids: readonly number[], options?: ReadOptions): Promise<VtigerRecordByModule[M][]> {
  return READERS[module](knex, ids, options);
}
