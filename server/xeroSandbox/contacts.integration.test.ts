/**
 * Contacts through xero-node as our client will call them: batches in both summarizeErrors modes, uniqueness
 * and length limits, paging, If-Modified-Since, includeArchived and where filters — plus the contract check
 * catching a malformed request.
 */
import { describe, expect, it } from 'vitest';
import { Contact, type Contacts } from 'xero-node';
import { createVirtualClock } from './clock.js';
import { startXeroSandbox } from './sandbox.js';
import { sdkClientFor, sdkError } from './testing/sdkClient.js';
import { useXeroSandbox } from './testing/useXeroSandbox.js';

const clock = createVirtualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
const ctx = useXeroSandbox({ clock, limits: { perMinute: 10_000 } });
const batch = (contacts: Partial<Contact>[]): Contacts => ({ contacts: contacts as Contact[] });

describe('Contacts', () => {
  it('a batch of 120 with 3 invalid elements and summarizeErrors=false: 117 OK with ids, 3 ERROR with ValidationErrors', async () => {
    const xero = sdkClientFor(ctx.sandbox);
    const contacts: Partial<Contact>[] = Array.from({ length: 120 }, (_, i) => ({ name: `Batch Customer ${i + 1}`, contactNumber: `ACC-${i + 1}`, emailAddress: `c${i + 1}@example.test` }));
    contacts[10] = { name: '', contactNumber: 'ACC-11' }; // no name
    contacts[50] = { name: 'x'.repeat(256), contactNumber: 'ACC-51' }; // over 255
    contacts[99] = { name: 'Batch Customer 5', contactNumber: 'ACC-100' }; // duplicates element 5
    const res = await xero.accountingApi.createContacts(ctx.sandbox.demoTenantId, batch(contacts), false, 'batch-120');
    const out = res.body.contacts ?? [];
    expect(out).toHaveLength(120);
    const ok = out.filter((c) => c.statusAttributeString === 'OK');
    const failed = out.filter((c) => c.statusAttributeString === 'ERROR');
    expect(ok).toHaveLength(117);
    expect(ok.every((c) => /^[0-9a-f-]{36}$/.test(c.contactID ?? ''))).toBe(true);
    expect(failed.map((c) => c.contactNumber)).toEqual(['ACC-11', 'ACC-51', 'ACC-100']);
    expect(failed.map((c) => c.validationErrors?.map((v) => v.message))).toEqual([
      ['The contact name must be specified.'],
      ['The contact name must not be more than 255 characters long.'],
      ['The contact name Batch Customer 5 is already assigned to another contact. The contact name must be unique across all active contacts.'],
    ]);
    expect(failed.every((c) => c.contactID === undefined && c.hasValidationErrors === true)).toBe(true);
    expect(ctx.sandbox.org(ctx.sandbox.demoTenantId).contacts.size).toBe(117);
  });

  it('summarizeErrors=true (the default): 400 ValidationException with the bad elements, while the good ones are still created', async () => {
    const xero = sdkClientFor(ctx.sandbox);
    const before = ctx.sandbox.org(ctx.sandbox.demoTenantId).contacts.size;
    const rejection = await xero.accountingApi.createContacts(ctx.sandbox.demoTenantId, batch([{ name: 'Summarised Ok' }, { name: 'Batch Customer 1' }])).catch((e: unknown) => e);
    const err = sdkError(rejection);
    expect(err.statusCode).toBe(400);
    expect(err.body).toMatchObject({ ErrorNumber: 10, Type: 'ValidationException', Message: 'A validation exception occurred' });
    const elements = err.body['Elements'] as { Name: string; ValidationErrors: { Message: string }[] }[];
    expect(elements.map((e) => e.Name)).toEqual(['Batch Customer 1']);
    expect(elements[0]?.ValidationErrors[0]?.Message).toMatch(/already assigned to another contact/);
    expect(ctx.sandbox.org(ctx.sandbox.demoTenantId).contacts.size).toBe(before + 1);
  });

  it('names are unique among active contacts only, ignoring case; archiving frees the name', async () => {
    const xero = sdkClientFor(ctx.sandbox);
    const t = ctx.sandbox.demoTenantId;
    const dup = await xero.accountingApi.createContacts(t, batch([{ name: 'batch customer 2' }]), false);
    expect(dup.body.contacts?.[0]?.statusAttributeString).toBe('ERROR');
    const archived = ctx.sandbox.org(t).contacts.find((c) => c.Name === 'Batch Customer 2');
    await xero.accountingApi.updateOrCreateContacts(t, batch([{ contactID: archived?.ContactID, contactStatus: Contact.ContactStatusEnum.ARCHIVED }]), false);
    const again = await xero.accountingApi.createContacts(t, batch([{ name: 'Batch Customer 2' }]), false);
    expect(again.body.contacts?.[0]?.statusAttributeString).toBe('OK');
    // POST matches an existing contact by ContactNumber and updates it.
    const upd = await xero.accountingApi.updateOrCreateContacts(t, batch([{ contactNumber: 'ACC-3', emailAddress: 'new@example.test' }]), false);
    expect(upd.body.contacts?.[0]).toMatchObject({ name: 'Batch Customer 3', emailAddress: 'new@example.test', statusAttributeString: 'OK' });
    const badEmail = await xero.accountingApi.createContacts(t, batch([{ name: 'Bad Mail', emailAddress: 'not-an-email', defaultCurrency: 'CHF' as never }]), false);
    expect(badEmail.body.contacts?.[0]?.validationErrors?.map((v) => v.message)).toEqual(['Email address must be valid.', 'The currency code CHF is not valid for this organisation.']);
  });

  it('pages 100 at a time with a pagination object, and honours pageSize, IDs and where', async () => {
    const xero = sdkClientFor(ctx.sandbox);
    const t = ctx.sandbox.demoTenantId;
    const total = ctx.sandbox.org(t).contacts.all().filter((c) => c.ContactStatus !== 'ARCHIVED').length;
    const p1 = await xero.accountingApi.getContacts(t, undefined, undefined, 'Name ASC', undefined, 1);
    expect(p1.body.contacts).toHaveLength(100);
    expect(p1.body.pagination).toMatchObject({ page: 1, pageSize: 100, itemCount: total, pageCount: Math.ceil(total / 100) });
    const p2 = await xero.accountingApi.getContacts(t, undefined, undefined, 'Name ASC', undefined, 2);
    expect(p2.body.contacts).toHaveLength(total - 100);
    const names = [...(p1.body.contacts ?? []), ...(p2.body.contacts ?? [])].map((c) => c.name ?? '');
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    const small = await xero.accountingApi.getContacts(t, undefined, undefined, undefined, undefined, 3, undefined, undefined, undefined, 7);
    expect(small.body.pagination).toMatchObject({ page: 3, pageSize: 7 });
    const two = ctx.sandbox.org(t).contacts.all().filter((c) => c.ContactStatus === 'ACTIVE').slice(0, 2).map((c) => c.ContactID);
    expect((await xero.accountingApi.getContacts(t, undefined, undefined, undefined, two)).body.contacts?.map((c) => c.contactID).sort()).toEqual([...two].sort());
    const where = await xero.accountingApi.getContacts(t, undefined, 'ContactNumber=="ACC-7" AND EmailAddress=="c7@example.test"');
    expect(where.body.contacts?.map((c) => c.name)).toEqual(['Batch Customer 7']);
    const parse = sdkError(await xero.accountingApi.getContacts(t, undefined, 'Nmae=="x"').catch((e: unknown) => e));
    expect(parse).toMatchObject({ statusCode: 400, body: { Type: 'QueryParseException', Message: "No property or field 'Nmae' exists in type 'Contact'" } });
  });

  it('If-Modified-Since returns what changed since that second; archived contacts only with includeArchived', async () => {
    const xero = sdkClientFor(ctx.sandbox);
    const t = ctx.sandbox.demoTenantId;
    clock.advance(60_000);
    const checkpoint = new Date(clock.now());
    clock.advance(1_500);
    await xero.accountingApi.updateOrCreateContacts(t, batch([{ contactNumber: 'ACC-8', firstName: 'Eight' }, { contactNumber: 'ACC-9', contactStatus: Contact.ContactStatusEnum.ARCHIVED }]), false);
    const changed = await xero.accountingApi.getContacts(t, checkpoint, undefined, 'UpdatedDateUTC ASC');
    expect(changed.body.contacts?.map((c) => c.contactNumber)).toEqual(['ACC-8']);
    const withArchived = await xero.accountingApi.getContacts(t, checkpoint, undefined, 'UpdatedDateUTC ASC', undefined, 1, true);
    expect(withArchived.body.contacts?.map((c) => [c.contactNumber, c.contactStatus])).toEqual([['ACC-8', 'ACTIVE'], ['ACC-9', 'ARCHIVED']]);
    // xero-node turns /Date()/ into Date objects; the sandbox sent the change time.
    expect((withArchived.body.contacts?.[0]?.updatedDateUTC as unknown as Date).getTime()).toBe(clock.now());
    clock.advance(2_000);
    expect((await xero.accountingApi.getContacts(t, new Date(clock.now()), undefined, undefined, undefined, 1, true)).body.contacts).toEqual([]);
  });

  it('GET by id or ContactNumber, 404 for an unknown one', async () => {
    const xero = sdkClientFor(ctx.sandbox);
    const t = ctx.sandbox.demoTenantId;
    const c = ctx.sandbox.org(t).contacts.find((x) => x.ContactNumber === 'ACC-12');
    expect((await xero.accountingApi.getContact(t, c?.ContactID ?? '')).body.contacts?.[0]?.name).toBe('Batch Customer 12');
    expect((await xero.accountingApi.getContact(t, 'ACC-12')).body.contacts?.[0]?.contactID).toBe(c?.ContactID);
    expect(sdkError(await xero.accountingApi.getContact(t, '00000000-0000-0000-0000-000000000000').catch((e: unknown) => e)).statusCode).toBe(404);
  });
});

describe('contract check', () => {
  it('records a request whose Contact has a field of the wrong type or a misspelt field, so a test can fail on it', async () => {
    const sandbox = await startXeroSandbox({ clock: createVirtualClock() });
    try {
      const tokens = sandbox.issueTokenSet();
      const res = await fetch(`${sandbox.url}/api.xro/2.0/Contacts?summarizeErrors=false`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${tokens.access_token}`, 'xero-tenant-id': sandbox.demoTenantId, 'content-type': 'application/json' },
        body: JSON.stringify({ Contacts: [{ Name: 'Typed Wrong', IsCustomer: 'yes', EmailAdress: 'a@b.test' }] }),
      });
      expect(res.status).toBe(200);
      const violations = sandbox.contractViolations().filter((v) => v.direction === 'request');
      expect(violations.map((v) => [v.operation, v.jsonPath])).toEqual(expect.arrayContaining([['createContacts', '/Contacts/0/IsCustomer'], ['createContacts', '/Contacts/0']]));
      expect(violations.find((v) => v.jsonPath === '/Contacts/0')?.message).toContain('EmailAdress');
    } finally {
      await sandbox.close();
    }
  });
});
