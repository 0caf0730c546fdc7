import type { Contact, Item } from 'xero-node';
import { describe, expect, it } from 'vitest';
import { matchXeroContact, matchXeroItem } from './matching.js';

const c = (contactID: string, extra: Partial<Contact>): Contact => ({ contactID, ...extra });

describe('matchXeroContact', () => {
  const candidates: Contact[] = [
    c('a', { name: 'Acme Corporation', emailAddress: 'other@acme.example.com' }),
    c('b', { name: 'Acme Corp', emailAddress: 'info@acme.example.com' }),
    c('c', { name: 'Something', contactNumber: 'ACC1' }),
  ];

  it('prefers ContactNumber over e-mail over name', () => {
    expect(matchXeroContact({ recordNumber: 'ACC1', email: 'info@acme.example.com', name: 'Acme Corporation' }, candidates)).toEqual({ kind: 'matched', xeroId: 'c', by: 'contactNumber' });
    expect(matchXeroContact({ recordNumber: 'ACC9', email: 'INFO@acme.example.com', name: 'Acme Corporation' }, candidates)).toEqual({ kind: 'matched', xeroId: 'b', by: 'email' });
    expect(matchXeroContact({ recordNumber: 'ACC9', email: 'none@x.example', name: ' acme corporation ' }, candidates)).toEqual({ kind: 'matched', xeroId: 'a', by: 'name' });
    expect(matchXeroContact({ recordNumber: null, email: null, name: 'Initech' }, candidates)).toEqual({ kind: 'none' });
  });

  it('never matches taken or archived contacts', () => {
    expect(matchXeroContact({ recordNumber: 'ACC1' }, candidates, new Set(['c']))).toEqual({ kind: 'none' });
    expect(matchXeroContact({ name: 'Old' }, [c('z', { name: 'Old', contactStatus: 'ARCHIVED' as unknown as never })])).toEqual({ kind: 'none' });
  });

  it('reports ambiguity instead of guessing', () => {
    const twins = [c('x', { name: 'John Smith', emailAddress: 'js@x.example' }), c('y', { name: 'John Smith' })];
    expect(matchXeroContact({ name: 'John Smith' }, twins)).toEqual({ kind: 'ambiguous', by: 'name', xeroIds: ['x', 'y'] });
    expect(matchXeroContact({ email: 'js@x.example', name: 'John Smith' }, twins)).toEqual({ kind: 'matched', xeroId: 'x', by: 'email' });
  });
});

describe('matchXeroItem', () => {
  const items: Item[] = [
    { itemID: '1', code: 'WID-001' },
    { itemID: '2', code: 'wid-002' },
  ];
  it('matches by code, trimmed and ignoring case', () => {
    expect(matchXeroItem('WID-002 ', items)).toEqual({ kind: 'matched', xeroId: '2', by: 'code' });
    expect(matchXeroItem('WID-001', items, new Set(['1']))).toEqual({ kind: 'none' });
    expect(matchXeroItem('', items)).toEqual({ kind: 'none' });
  });
});
