import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isXTigerError, type XTigerError } from '../../errors/XTigerError.js';
import { createLogger } from '../../logging/logger.js';
import { createSampleDatabase, type SampleDatabase } from '../../testing/sampleDatabase.js';
import { startVtigerWebserviceDouble, type VtigerWebserviceDouble } from '../../testing/vtigerWebserviceDouble/index.js';
import { readWebserviceAccessKey } from './accessKey.js';
import { createVtigerWebserviceClient, VtigerWebserviceClient } from './VtigerWebserviceClient.js';
import { WebserviceIds } from './webserviceIds.js';

let db: SampleDatabase;
let double: VtigerWebserviceDouble;
let client: VtigerWebserviceClient;
let accessKey: string;
const logLines: string[] = [];

async function failureOf(promise: Promise<unknown>): Promise<XTigerError> {
  try {
    await promise;
  } catch (error) {
    if (isXTigerError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

/** The element the double received for the last call of an operation. */
function lastElement(operation: string): Record<string, unknown> {
  const call = [...double.calls].reverse().find((c) => c.operation === operation);
  return JSON.parse(call?.params['element'] ?? '{}') as Record<string, unknown>;
}

beforeAll(async () => {
  db = await createSampleDatabase();
  double = await startVtigerWebserviceDouble({ knex: db.knex });
  accessKey = await readWebserviceAccessKey(db.knex, 'admin');
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString());
        done();
      },
    }),
  });
  client = await createVtigerWebserviceClient({ knex: db.knex, url: double.url, userName: 'admin', logger });
});

afterAll(async () => {
  await double?.close();
  await db?.drop();
});

describe('Vtiger webservice client against the double', () => {
  it('logs in with md5(token + access key) and reads a record, HTML entities decoded', async () => {
    const hans = await client.retrieve('12x7');
    expect(hans['lastname']).toBe('Müller');
    expect(hans.label).toBe('Hans Müller'); // Vtiger sends "Hans M&uuml;ller"
    expect(client.loginCount).toBe(1);
  });

  it('a wrong access key is VTIGER_WS_LOGIN_FAILED naming the user, never the key', async () => {
    const wrong = new VtigerWebserviceClient({ url: double.url, userName: 'admin', accessKey: async () => 'not-the-key' });
    const error = await failureOf(wrong.retrieve('12x5'));
    expect(error.code).toBe('VTIGER_WS_LOGIN_FAILED');
    expect(error.message).toContain('"admin"');
    expect(error.details).toMatchObject({ userName: 'admin', vtigerCode: 'INVALID_USER_CREDENTIALS' });
    expect(JSON.stringify(error)).not.toContain('not-the-key');
  });

  it('an unknown user is VTIGER_WS_LOGIN_FAILED, read from vtiger_users', async () => {
    expect((await failureOf(readWebserviceAccessKey(db.knex, 'nobody'))).code).toBe('VTIGER_WS_LOGIN_FAILED');
  });

  it('logs in again once, transparently, when Vtiger no longer knows the session', async () => {
    const before = client.loginCount;
    double.expireSessions();
    const john = await client.retrieve('12x5');
    expect(john['lastname']).toBe('Smith');
    expect(client.loginCount).toBe(before + 1);
    const recent = double.calls.slice(-4).map((c) => `${c.operation}:${String(c.errorCode ?? c.httpStatus)}`);
    expect(recent).toEqual(['retrieve:INVALID_SESSIONID', 'getchallenge:200', 'login:200', 'retrieve:200']);
  });

  it('one login serves calls made at the same time', async () => {
    const fresh = new VtigerWebserviceClient({ url: double.url, userName: 'admin', accessKey: async () => accessKey });
    await Promise.all([fresh.retrieve('12x5'), fresh.retrieve('12x6'), fresh.describe('Contacts')]);
    expect(fresh.loginCount).toBe(1);
  });

  it('writes through a pool of sessions: N sessions carry N calls at once, logged in one after another', async () => {
    // A double where each call holds its session 50 ms: calls sharing a session wait for each other, as in Vtiger.
    const slow = await startVtigerWebserviceDouble({ knex: db.knex, callDelayMs: 50 });
    try {
      const run = async (sessions: number) => {
        const pooled = new VtigerWebserviceClient({ url: slow.url, userName: 'admin', accessKey: async () => accessKey, sessions });
        const from = slow.calls.length;
        const started = Date.now();
        // Twelve different records (the sync never writes one record twice at once).
        const records = ['12x5', '12x6', '12x7', '12x8', '12x9', '11x2', '11x3', '11x4', '14x10', '14x11', '14x12', '14x13'];
        const settled = await pooled.writeEach(records, (id) => pooled.revise({ id, description: `Pool ${sessions}` }));
        expect(settled.filter((r) => !r.ok).map((r) => String((r as { error: unknown }).error))).toEqual([]);
        const revises = slow.calls.slice(from).filter((c) => c.operation === 'revise');
        return { ms: Date.now() - started, logins: pooled.loginCount, parallel: Math.max(...revises.map((c) => c.inFlight)) };
      };
      const one = await run(1);
      const four = await run(4);
      expect(one).toMatchObject({ logins: 1, parallel: 1 });
      // Sessions are opened only while calls wait for one (a login whose turn comes when nobody waits is not made).
      expect(four.logins).toBeGreaterThan(1);
      expect(four.logins).toBeLessThanOrEqual(4);
      expect(four.parallel).toBeGreaterThan(1);
      expect(four.parallel).toBeLessThanOrEqual(4);
      expect(four.ms).toBeLessThan(one.ms);
      // Each getchallenge is followed by its own login (a second challenge would replace the first's token).
      const auth = slow.calls.filter((c) => c.operation === 'getchallenge' || c.operation === 'login').map((c) => `${c.operation}:${String(c.success)}`);
      expect(auth).toEqual(Array.from({ length: one.logins + four.logins }, () => ['getchallenge:true', 'login:true']).flat());
    } finally {
      await slow.close();
    }
  });

  it('creates of one module run one at a time (Vtiger numbers records without a lock), each with its own number', async () => {
    const slow = await startVtigerWebserviceDouble({ knex: db.knex, callDelayMs: 30 });
    try {
      const pooled = new VtigerWebserviceClient({ url: slow.url, userName: 'admin', accessKey: async () => accessKey, sessions: 4 });
      const settled = await pooled.writeEach(['One', 'Two', 'Three', 'Four'], (name) => pooled.create('Contacts', { lastname: `Lane ${name}`, assigned_user_id: '19x1' }));
      const numbers = settled.map((r) => (r.ok ? String(r.value['contact_no']) : 'failed'));
      expect(new Set(numbers).size).toBe(4);
      expect(slow.calls.filter((c) => c.operation === 'create').map((c) => c.inFlight)).toEqual([1, 1, 1, 1]);
    } finally {
      await slow.close();
    }
  });

  it('a failed write in a parallel batch is that record’s result; the others are written', async () => {
    const pooled = new VtigerWebserviceClient({ url: double.url, userName: 'admin', accessKey: async () => accessKey, sessions: 3, ids: await WebserviceIds.load(db.knex) });
    const settled = await pooled.writeEach(['12x5', '12x99999', '12x6'], (id) => pooled.revise({ id, department: 'Parallel' }));
    expect(settled.map((r) => r.ok)).toEqual([true, false, true]);
    const failed = settled[1];
    expect(failed && !failed.ok && isXTigerError(failed.error) ? failed.error.code : undefined).toBe('VTIGER_RECORD_NOT_FOUND');
    const rows = (await db.knex('vtiger_contactdetails').whereIn('contactid', [5, 6]).pluck('department')) as string[];
    expect(rows).toEqual(['Parallel', 'Parallel']);
  });

  it('asks describe once per module', async () => {
    const fresh = new VtigerWebserviceClient({ url: double.url, userName: 'admin', accessKey: async () => accessKey });
    const before = double.calls.filter((c) => c.operation === 'describe').length;
    const [a, b] = await Promise.all([fresh.describe('Contacts'), fresh.describe('Contacts')]);
    await fresh.describe('Contacts');
    expect(a).toBe(b);
    expect(double.calls.filter((c) => c.operation === 'describe').length - before).toBe(1);
  });

  it('creates an invoice without a top-level productid (the client adds it)', async () => {
    const invoice = await client.create('Invoice', {
      subject: 'Writer test invoice',
      account_id: '11x2',
      invoicestatus: 'Created',
      bill_street: '1 Bill St',
      ship_street: '2 Ship St',
      assigned_user_id: '19x1',
      hdnTaxType: 'individual',
      LineItems: [{ productid: '14x10', quantity: '2', listprice: '19.99' }],
    });
    expect(lastElement('create')['productid']).toBe('14x10');
    expect(invoice['hdnGrandTotal']).toBe(41.7791);
  });

  it('gives a group-tax invoice the group percentages on every line, so the tax is saved', async () => {
    const invoice = await client.create('Invoice', {
      subject: 'Group tax test',
      account_id: '11x3',
      invoicestatus: 'Sent',
      bill_street: 'Friedrichstraße 10',
      ship_street: 'Friedrichstraße 10',
      assigned_user_id: '19x1',
      hdnTaxType: 'group',
      LineItems: [
        { productid: '14x12', quantity: '1', listprice: '199.00' },
        { productid: '14x13', quantity: '5', listprice: '5.25' },
      ],
    });
    const sent = lastElement('create')['LineItems'] as Array<Record<string, unknown>>;
    expect(sent.map((l) => [l['tax1'], l['tax2'], l['tax3']])).toEqual([
      ['4.500', '10.000', '12.500'],
      ['4.500', '10.000', '12.500'],
    ]);
    const stored = (await db.knex('vtiger_invoice').where('invoiceid', Number(invoice.id.split('x')[1])).first('subtotal', 'total')) as Record<string, string>;
    expect(stored).toEqual({ subtotal: '225.25000000', total: '286.06750000' });
  });

  it('updates an invoice with the element exactly as retrieve returned it (empty discounts left out)', async () => {
    const inv2 = await client.retrieve('7x16');
    expect(inv2['hdnDiscountAmount']).toBe('');
    // The same element sent as is: real Vtiger 8.2 (and the double) answer an empty HTTP 500.
    const post = (params: Record<string, string>) =>
      fetch(`${double.url}/webservice.php`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString() });
    const challenge = (await (await fetch(`${double.url}/webservice.php?operation=getchallenge&username=admin`)).json()) as { result: { token: string } };
    const login = (await (await post({ operation: 'login', username: 'admin', accessKey: createHash('md5').update(challenge.result.token + accessKey).digest('hex') })).json()) as {
      result: { sessionName: string };
    };
    const raw = await post({ operation: 'update', sessionName: login.result.sessionName, element: JSON.stringify(inv2) });
    expect(raw.status).toBe(500);
    expect(await raw.text()).toBe('');
    const updated = await client.update({ ...inv2, invoicestatus: 'Approved' } as typeof inv2);
    expect(updated['invoicestatus']).toBe('Approved');
    const sent = lastElement('update');
    expect(sent).not.toHaveProperty('hdnDiscountAmount');
    expect(sent).not.toHaveProperty('hdnDiscountPercent');
    expect(sent['shipping_&_handling']).toBe(inv2['shipping_&_handling']); // "0.00000000" here: a value, so it stays
    expect(Number(updated['hdnGrandTotal'])).toBeCloseTo(286.0675, 4);
  });

  it('a missing or deleted record is a typed not-found error (Vtiger says ACCESS_DENIED)', async () => {
    const missing = await failureOf(client.retrieve('12x99999'));
    expect(missing.code).toBe('VTIGER_RECORD_NOT_FOUND');
    expect(missing.details).toMatchObject({ vtigerCode: 'ACCESS_DENIED', recordId: '12x99999', module: 'Contacts' });
    const contact = await client.create('Contacts', { lastname: 'Short lived', assigned_user_id: '19x1' });
    await client.delete(contact.id);
    expect((await failureOf(client.revise({ id: contact.id, title: 'x' }))).code).toBe('VTIGER_RECORD_NOT_FOUND');
  });

  it('keeps Vtiger code and field: MANDATORY_FIELDS_MISSING lastname, REFERENCE_INVALID account_id', async () => {
    const mandatory = await failureOf(client.create('Contacts', { firstname: 'No last name', assigned_user_id: '19x1' }));
    expect(mandatory.details).toMatchObject({ vtigerCode: 'MANDATORY_FIELDS_MISSING', field: 'lastname', operation: 'create', module: 'Contacts' });
    const reference = await failureOf(client.create('Contacts', { lastname: 'X', assigned_user_id: '19x1', account_id: '12x5' }));
    expect(reference.details).toMatchObject({ vtigerCode: 'REFERENCE_INVALID', field: 'account_id' });
  });

  it('an empty HTTP 500 is a typed error naming the operation and the record', async () => {
    // Turn the retrieve into retrieve_inventory on the wire: real Vtiger 8.2 always answers that with an empty 500.
    const crashing: typeof fetch = (input, init) => globalThis.fetch(String(input).replace('operation=retrieve&', 'operation=retrieve_inventory&'), init);
    const crashy = new VtigerWebserviceClient({ url: double.url, userName: 'admin', accessKey: async () => accessKey, fetch: crashing, ids: await WebserviceIds.load(db.knex) });
    const error = await failureOf(crashy.retrieve('7x15'));
    expect(error.code).toBe('VTIGER_WS_HTTP');
    expect(error.message).toBe('Vtiger webservice retrieve Invoice of record 7x15 failed with an empty HTTP 500 (a PHP error inside Vtiger).');
    expect(double.calls.at(-1)).toMatchObject({ operation: 'retrieve_inventory', httpStatus: 500 });
  });

  it('pages a query with LIMIT offset, 100 until a short page', async () => {
    // 110 contact rows by SQL (a fixture for paging only; the writes under test go through the webservice)
    const [{ id: start }] = (await db.knex('vtiger_crmentity_seq').select('id')) as [{ id: number }];
    const rows = Array.from({ length: 110 }, (_, i) => start + 1 + i);
    await db.knex('vtiger_crmentity').insert(rows.map((crmid) => ({ crmid, smcreatorid: 1, smownerid: 1, modifiedby: 1, setype: 'Contacts', createdtime: '2024-01-01 00:00:00', modifiedtime: '2024-01-01 00:00:00', deleted: 0, label: `Paged ${crmid}` })));
    await db.knex('vtiger_contactdetails').insert(rows.map((crmid) => ({ contactid: crmid, lastname: `Paged ${crmid}` })));
    await db.knex('vtiger_crmentity_seq').update({ id: start + 110 });
    const all = await client.queryAll<{ id: string }>("SELECT id FROM Contacts WHERE lastname LIKE 'Paged%' ORDER BY lastname;");
    expect(all).toHaveLength(110);
    expect(new Set(all.map((r) => r.id)).size).toBe(110);
    const queries = double.calls.filter((c) => c.operation === 'query').slice(-2).map((c) => c.params['query']);
    expect(queries).toEqual([
      "SELECT id FROM Contacts WHERE lastname LIKE 'Paged%' ORDER BY lastname LIMIT 0, 100;",
      "SELECT id FROM Contacts WHERE lastname LIKE 'Paged%' ORDER BY lastname LIMIT 100, 100;",
    ]);
  });

  it('an unknown module or field is a typed error naming it', async () => {
    expect((await failureOf(client.describe('NoSuchModule'))).code).toBe('VTIGER_UNKNOWN_MODULE');
    const field = await failureOf(client.query('SELECT nosuchcol FROM Contacts;'));
    expect(field.code).toBe('VTIGER_UNKNOWN_FIELD');
    expect(field.details).toMatchObject({ field: 'nosuchcol', module: 'Contacts' });
  });

  it('describes modules and lists types', async () => {
    const describe = await client.describe('Invoice');
    expect(describe.idPrefix).toBe('7');
    expect(describe.fields.map((f) => f.name)).toContain('hdnTaxType');
    expect((await client.listTypes()).types).toContain('Contacts');
  });

  it('converts crmid ⇄ webservice id with the prefixes of vtiger_ws_entity', async () => {
    const ids = await WebserviceIds.load(db.knex);
    expect(ids.toWsId('Contacts', 5)).toBe('12x5');
    expect(ids.toCrmId('7x15')).toBe(15);
    expect(ids.moduleOf('26x14')).toBe('Services');
    expect(() => ids.toWsId('NoSuchModule', 1)).toThrow(/NoSuchModule/);
    expect(() => ids.toCrmId('15')).toThrow(/not a Vtiger webservice id/);
  });

  it('never writes the access key, its hash or a session name into the log', () => {
    const text = logLines.join('');
    expect(text).toContain('vtiger webservice login');
    expect(text).not.toContain(accessKey);
    expect(text).not.toMatch(/sessionName"\s*:\s*"[0-9a-f]{10,}/);
  });
});
