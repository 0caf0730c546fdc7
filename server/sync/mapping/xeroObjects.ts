import type { Contact, ContactPerson, Item } from 'xero-node';
import type { XeroKind } from '../types.js';

/** xero-node's model class for each Xero kind (camelCase properties, as the Xero wrapper takes and returns them). */
export interface XeroObjectByKind {
  contact: Contact;
  item: Item;
  person: ContactPerson;
}
export type XeroObject<K extends XeroKind = XeroKind> = XeroObjectByKind[K];
