import type { Contact } from 'xero-node';
import { describe, expect, it } from 'vitest';
import { matchXeroContact } from '../links/matching.js';
import { MatchIndex } from './matchIndex.js';

const contacts: Contact[] = [
  { contactID: 'a', name: 'Acme Corporation', emailAddress: 'other@acme.example.com' },
  { contactID: 'b', name: 'Acme Corp', emailAddress: 'info@acme.example.com' },
  { contactID: 'c', name: 'Something', contactNumber: 'ACC1' },
  { contactID: 'x', name: 'John Smith', emailAddress: 'js@x.example' },
  { contactID: 'y', name: 'John Smith' },
  { contactID: 'z', name: 'Old', contactStatus: 'ARCHIVED' as unknown as Contact.ContactStatusEnum },
];
const index = new MatchIndex(3, contacts.map((c) => ({ id: c.contactID ?? '', keys: [c.contactNumber, c.emailAddress, c.name], active: String(c.contactStatus ?? 'ACTIVE') === 'ACTIVE' })));

describe('MatchIndex', () => {
  it('decides like matchXeroContact (ContactNumber, e-mail, name; ambiguity; archived; taken)', () => {
    const cases: Array<{ keys: [string | null, string | null, string | null]; taken?: string[] }> = [
      { keys: ['ACC1', 'info@acme.example.com', 'Acme Corporation'] },
      { keys: ['ACC9', 'INFO@acme.example.com', 'Acme Corporation'] },
      { keys: ['ACC9', 'none@x.example', ' acme corporation '] },
      { keys: [null, null, 'Initech'] },
      { keys: [null, null, 'John Smith'] },
      { keys: [null, 'js@x.example', 'John Smith'] },
      { keys: [null, null, 'Old'] },
      { keys: ['ACC1', null, null], taken: ['c'] },
    ];
    for (const { keys, taken = [] } of cases) {
      const expected = matchXeroContact({ recordNumber: keys[0], email: keys[1], name: keys[2] }, contacts, new Set(taken));
      const got = index.find(keys, new Set(taken));
      const asCore = got.kind === 'matched' ? { kind: 'matched', xeroId: got.id } : got.kind === 'ambiguous' ? { kind: 'ambiguous', xeroIds: got.ids } : { kind: 'none' };
      expect(asCore, JSON.stringify(keys)).toEqual(expected.kind === 'matched' ? { kind: 'matched', xeroId: expected.xeroId } : expected.kind === 'ambiguous' ? { kind: 'ambiguous', xeroIds: expected.xeroIds } : { kind: 'none' });
    }
  });
});
