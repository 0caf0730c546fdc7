import type { ContactPerson } from 'xero-node';
import { describe, expect, it } from 'vitest';
import { contactAppearance, parsePersonXeroId, personXeroId, referencedCrmid } from './contactAppearance.js';
import { identifyContactPersons, placeContactPersons, type WantedPerson } from './contactPersons.js';

const john: ContactPerson = { firstName: 'John', lastName: 'Smith', emailAddress: 'john.smith@acme.example.com', includeInEmails: true };
const jane: ContactPerson = { firstName: 'Jane', lastName: 'Doe', emailAddress: 'jane.doe@acme.example.com', includeInEmails: true };

function wanted(crmid: number, person: ContactPerson, previous?: WantedPerson['previous']): WantedPerson {
  return { crmid, recordLabel: `${person.firstName} ${person.lastName}`, person, ...(previous ? { previous } : {}) };
}

describe('how a Contact appears in Xero', () => {
  it('is its own Xero contact without an organization and a person with one', () => {
    expect(contactAppearance({ account_id: '0' })).toEqual({ kind: 'contact' });
    expect(contactAppearance({ account_id: '' })).toEqual({ kind: 'contact' });
    expect(contactAppearance({})).toEqual({ kind: 'contact' });
    expect(contactAppearance({ account_id: '2' })).toEqual({ kind: 'person', accountCrmid: 2 });
    expect(contactAppearance({ account_id: '11x3' })).toEqual({ kind: 'person', accountCrmid: 3 });
    expect(referencedCrmid('abc')).toBeUndefined();
  });

  it('gives persons a stable link id on the organization', () => {
    const id = personXeroId('c0ffee-1', 6);
    expect(id).toBe('c0ffee-1#person:6');
    expect(parsePersonXeroId(id)).toEqual({ organizationContactId: 'c0ffee-1', crmid: 6 });
    expect(parsePersonXeroId('c0ffee-1')).toBeUndefined();
  });
});

describe('identifyContactPersons', () => {
  it('matches by e-mail first, then exact name, each Vtiger contact once', () => {
    const persons: ContactPerson[] = [
      { firstName: 'J.', lastName: 'Smith', emailAddress: 'JOHN.SMITH@acme.example.com ' },
      { firstName: 'Jane', lastName: 'Doe', emailAddress: 'jane@elsewhere.example' },
      { firstName: 'Jane', lastName: 'Doe' },
      { firstName: 'Nobody', lastName: 'Known' },
    ];
    const candidates = [
      { crmid: 5, firstName: 'John', lastName: 'Smith', emailAddress: 'john.smith@acme.example.com' },
      { crmid: 6, firstName: 'Jane', lastName: 'Doe', emailAddress: 'jane.doe@acme.example.com' },
    ];
    expect(identifyContactPersons(persons, candidates)).toEqual([5, 6, undefined, undefined]);
  });

  it('compares names in NFC and ignoring case', () => {
    expect(identifyContactPersons([{ firstName: 'HANS', lastName: 'Mu\u0308ller' }], [{ crmid: 7, firstName: 'Hans', lastName: 'Müller' }])).toEqual([7]);
  });
});

describe('placeContactPersons', () => {
  it('updates persons in place, keeps persons added in Xero, appends new ones', () => {
    const existing: ContactPerson[] = [{ firstName: 'Pat', lastName: 'Added-In-Xero', emailAddress: 'pat@x.example' }, { ...jane, firstName: 'Janet' }];
    const r = placeContactPersons(existing, [wanted(6, jane, { emailAddress: jane.emailAddress }), wanted(5, john)], 'Acme Corporation');
    expect(r.contactPersons).toEqual([existing[0], jane, john]);
    expect([...r.placed]).toEqual([
      [6, 1],
      [5, 2],
    ]);
    expect(r.skipped).toEqual([]);
  });

  it('finds a person whose e-mail changed by the previous snapshot', () => {
    const existing: ContactPerson[] = [john];
    const moved = { ...john, emailAddress: 'john@new.example' };
    const r = placeContactPersons(existing, [wanted(5, moved, { emailAddress: john.emailAddress, firstName: 'John', lastName: 'Smith' })], 'Acme');
    expect(r.contactPersons).toEqual([moved]);
  });

  it('skips persons beyond Xero\'s five, with the reason', () => {
    const people = [1, 2, 3, 4, 5, 6].map((n) => wanted(100 + n, { firstName: `P${n}`, lastName: 'X', emailAddress: `p${n}@x.example` }));
    const r = placeContactPersons([], people, 'Acme Corporation');
    expect(r.contactPersons).toHaveLength(5);
    expect(r.skipped).toEqual([{ crmid: 106, reason: { key: 'sync.skip.tooManyContactPersons', params: { record: 'P6 X', organization: 'Acme Corporation', max: 5 } } }]);
  });

  it('removes persons that left the organization and reuses their place', () => {
    const r = placeContactPersons([john, jane], [wanted(9, { firstName: 'Maria', lastName: 'Garcia' })], 'Acme', [{ emailAddress: john.emailAddress }]);
    expect(r.contactPersons).toEqual([{ firstName: 'Maria', lastName: 'Garcia' }, jane]);
    expect(r.placed.get(9)).toBe(0);
  });
});
