import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isXTigerError } from '../../errors/XTigerError.js';
import { createSampleDatabase, type SampleDatabase } from '../../testing/sampleDatabase.js';
import { upsertXeroAccounts } from './xeroAccounts.js';
import { setXTLogEmailStatus, writeXTLogEntries, type XTLogEntry } from './xtLog.js';
import { enqueueXTQueueItems, updateXTQueueItems } from './xtQueue.js';

let db: SampleDatabase;
let contactId: number;
let clockMs = Date.parse('2026-03-01T10:00:00Z');
const clock = { now: () => clockMs, sleep: async () => {} };

async function all<T>(knex: Knex, sql: string, bindings: Knex.RawBinding[] = []): Promise<T[]> {
  const [r] = (await knex.raw(sql, bindings)) as [T[]];
  return r;
}

function entry(over: Partial<XTLogEntry> = {}): XTLogEntry {
  return {
    module: 'Contacts', relatedTo: contactId, xeroId: 'a3f1c2d4-0000-4000-8000-000000000001', direction: 'Vtiger to Xero', action: 'Create',
    status: 'Success', message: 'Created contact in Xero', runId: 'run-1', trigger: 'Instant', emailStatus: 'Not required',
    startedAt: '2026-03-01 09:59:58', finishedAt: new Date('2026-03-01T09:59:59Z'), ownerId: 1, ...over,
  };
}

beforeAll(async () => {
  db = await createSampleDatabase({ installModules: true });
  const [c] = await all<{ crmid: number }>(db.knex, "SELECT crmid FROM vtiger_crmentity WHERE setype = 'Contacts' AND deleted = 0 ORDER BY crmid LIMIT 1");
  contactId = c!.crmid;
});
afterAll(async () => {
  await db?.drop();
});

describe('XTLog writer', () => {
  it('writes the six tables Vtiger\'s save writes, column by column', async () => {
    const [seq] = await all<{ id: number }>(db.knex, 'SELECT id FROM vtiger_crmentity_seq');
    const [created] = await writeXTLogEntries(db.knex, [entry()], { clock, actingUserId: 1 });
    expect(created).toEqual({ crmid: seq!.id + 1, recordNumber: 'XTL1', label: 'XTL1' });
    const id = created!.crmid;
    expect(await all(db.knex, 'SELECT * FROM vtiger_crmentity WHERE crmid = ?', [id])).toEqual([{
      crmid: id, smcreatorid: 1, smownerid: 1, modifiedby: 1, setype: 'XTLog', description: null, createdtime: '2026-03-01 10:00:00',
      modifiedtime: '2026-03-01 10:00:00', viewedtime: null, status: null, version: 0, presence: 1, deleted: 0, smgroupid: 0, source: 'XTIGER', label: 'XTL1',
    }]);
    expect(await all(db.knex, 'SELECT * FROM vtiger_xtlog WHERE xtlogid = ?', [id])).toEqual([{
      xtlogid: id, xtl_no: 'XTL1', xtl_module: 'Contacts', xtl_related_to: contactId, xtl_xero_id: 'a3f1c2d4-0000-4000-8000-000000000001',
      xtl_direction: 'Vtiger to Xero', xtl_action: 'Create', xtl_status: 'Success', xtl_message: 'Created contact in Xero', xtl_run_id: 'run-1',
      xtl_trigger: 'Instant', xtl_email_status: 'Not required', xtl_started_at: '2026-03-01 09:59:58', xtl_finished_at: '2026-03-01 09:59:59', tags: '',
    }]);
    expect(await all(db.knex, 'SELECT * FROM vtiger_xtlogcf WHERE xtlogid = ?', [id])).toEqual([{ xtlogid: id }]);
    expect(await all(db.knex, 'SELECT * FROM vtiger_crmentity_user_field WHERE recordid = ?', [id])).toEqual([{ recordid: id, userid: 1, starred: '0' }]);
    expect(await all(db.knex, "SELECT cur_id FROM vtiger_modentity_num WHERE semodule = 'XTLog'")).toEqual([{ cur_id: '2' }]);
    expect(await all(db.knex, 'SELECT id FROM vtiger_crmentity_seq')).toEqual([{ id }]);
  });

  it('stores an entry without relation and e-mail status as Vtiger stores empty fields (0 and \'\')', async () => {
    const [created] = await writeXTLogEntries(db.knex, [entry({ relatedTo: null, emailStatus: null, finishedAt: null, xeroId: null })], { clock });
    expect(await all(db.knex, 'SELECT xtl_related_to, xtl_email_status, xtl_finished_at, xtl_xero_id FROM vtiger_xtlog WHERE xtlogid = ?', [created!.crmid]))
      .toEqual([{ xtl_related_to: 0, xtl_email_status: '', xtl_finished_at: null, xtl_xero_id: '' }]);
  });

  it('gives 2,000 records from 20 concurrent writers unique, gapless numbers and crmids', async () => {
    const [before] = await all<{ cur_id: string }>(db.knex, "SELECT cur_id FROM vtiger_modentity_num WHERE semodule = 'XTLog'");
    const start = Number(before!.cur_id);
    await Promise.all(Array.from({ length: 20 }, async (_, w) => {
      for (let b = 0; b < 10; b += 1) {
        await writeXTLogEntries(db.knex, Array.from({ length: 10 }, (_, i) => entry({ runId: `w${w}-b${b}-${i}`, relatedTo: null })), { clock });
      }
    }));
    const rows = await all<{ xtlogid: number; xtl_no: string }>(db.knex, "SELECT xtlogid, xtl_no FROM vtiger_xtlog WHERE xtl_run_id LIKE 'w%'");
    expect(rows).toHaveLength(2000);
    const numbers = rows.map((r) => Number(r.xtl_no.replace(/^XTL/, ''))).sort((a, b) => a - b);
    expect(numbers[0]).toBe(start);
    expect(numbers.every((n, i) => n === start + i)).toBe(true);
    const ids = rows.map((r) => r.xtlogid).sort((a, b) => a - b);
    expect(ids.every((id, i) => i === 0 || id === (ids[i - 1] ?? 0) + 1)).toBe(true);
    const [labels] = await all<{ n: number }>(db.knex, "SELECT COUNT(*) AS n FROM vtiger_crmentity c JOIN vtiger_xtlog x ON x.xtlogid = c.crmid WHERE c.label = x.xtl_no AND x.xtl_run_id LIKE 'w%'");
    expect(labels!.n).toBe(2000);
  }, 120_000);

  it('sets the e-mail status and touches modifiedtime / modifiedby like a Vtiger save', async () => {
    const [a, b] = await writeXTLogEntries(db.knex, [entry({ emailStatus: 'Pending' }), entry({ emailStatus: 'Pending' })], { clock });
    clockMs += 60_000;
    expect(await setXTLogEmailStatus(db.knex, [a!.crmid, b!.crmid], 'Sent', { actingUserId: 1, clock })).toBe(2);
    expect(await all(db.knex, 'SELECT x.xtl_email_status, c.modifiedtime, c.createdtime FROM vtiger_xtlog x JOIN vtiger_crmentity c ON c.crmid = x.xtlogid WHERE x.xtlogid = ?', [a!.crmid]))
      .toEqual([{ xtl_email_status: 'Sent', modifiedtime: '2026-03-01 10:01:00', createdtime: '2026-03-01 10:00:00' }]);
  });

  it('names the record and field of bad input, and writes nothing', async () => {
    const bad = (over: Partial<XTLogEntry>) => writeXTLogEntries(db.knex, [entry(), entry(over)], { clock });
    await expect(bad({ status: 'Bogus' as XTLogEntry['status'] })).rejects.toThrow('XTLog entry 2: Status (xtl_status) "Bogus" is not one of Success, Failed, Skipped, Conflict');
    await expect(bad({ message: 'x'.repeat(70_000) })).rejects.toThrow('XTLog entry 2: Message (xtl_message) is 70000 bytes; the column holds 65535');
    await expect(bad({ runId: 'r'.repeat(101) })).rejects.toThrow('XTLog entry 2: Run ID (xtl_run_id) is 101 characters; the column holds 100');
    await expect(bad({ relatedTo: 987654 })).rejects.toThrow('XTLog entry 2: Related Record (xtl_related_to) points at record 987654, which does not exist');
    const [logRow] = await all<{ xtlogid: number }>(db.knex, 'SELECT xtlogid FROM vtiger_xtlog LIMIT 1');
    await expect(bad({ relatedTo: logRow!.xtlogid })).rejects.toThrow(/points at a XTLog record; it relates to Contacts, Accounts, Products, Services, Invoice/);
    await expect(bad({ startedAt: 'yesterday' })).rejects.toThrow(/XTLog entry 2: Started \(xtl_started_at\) "yesterday" is not a date/);
    await expect(bad({ ownerId: 4242 })).rejects.toThrow('XTLog entry 2: Assigned To (assigned_user_id) 4242 is no Vtiger user or group');
    const [seq] = await all<{ id: number }>(db.knex, 'SELECT id FROM vtiger_crmentity_seq');
    const err = await bad({ action: '' as XTLogEntry['action'] }).catch((e: unknown) => e);
    expect(isXTigerError(err, 'VTIGER_INVALID_DATA') && err.details).toEqual({ module: 'XTLog', record: 1, field: 'xtl_action' });
    expect(await all(db.knex, 'SELECT id FROM vtiger_crmentity_seq')).toEqual([{ id: seq!.id }]);
  });

  it('replaces 4-byte characters in text instead of failing on Vtiger\'s utf8mb3 columns', async () => {
    const [c] = await writeXTLogEntries(db.knex, [entry({ message: 'Kontakt „Café 😀“ angelegt' })], { clock });
    expect(await all(db.knex, 'SELECT xtl_message FROM vtiger_xtlog WHERE xtlogid = ?', [c!.crmid])).toEqual([{ xtl_message: 'Kontakt „Café \uFFFD“ angelegt' }]);
  });
});

describe('XTQueue writer', () => {
  it('enqueues with defaults and updates status, attempts, next attempt and last error', async () => {
    const [q] = await enqueueXTQueueItems(db.knex, [{ module: 'Invoice', direction: 'Vtiger to Xero', ownerId: 1, sequence: 3 }], { clock });
    expect(q!.recordNumber).toBe('XTQ1');
    expect(await all(db.knex, 'SELECT xtq_status, xtq_attempts, xtq_sequence, xtq_related_to, xtq_next_attempt_at FROM vtiger_xtqueue WHERE xtqueueid = ?', [q!.crmid]))
      .toEqual([{ xtq_status: 'Queued', xtq_attempts: 0, xtq_sequence: 3, xtq_related_to: 0, xtq_next_attempt_at: null }]);
    clockMs += 1000;
    await updateXTQueueItems(db.knex, [{ crmid: q!.crmid, status: 'Failed', attempts: 1, nextAttemptAt: '2026-03-01 11:00:00', lastError: 'Xero said 429' }], { actingUserId: 1, clock });
    expect(await all(db.knex, 'SELECT x.xtq_status, x.xtq_attempts, x.xtq_next_attempt_at, x.xtq_last_error, c.modifiedtime FROM vtiger_xtqueue x JOIN vtiger_crmentity c ON c.crmid = x.xtqueueid WHERE x.xtqueueid = ?', [q!.crmid]))
      .toEqual([{ xtq_status: 'Failed', xtq_attempts: 1, xtq_next_attempt_at: '2026-03-01 11:00:00', xtq_last_error: 'Xero said 429', modifiedtime: '2026-03-01 10:01:01' }]);
    await expect(updateXTQueueItems(db.knex, [{ crmid: 987654, status: 'Done' }], { actingUserId: 1 })).rejects.toThrow('XTQueue record(s) 987654 do not exist');
    await expect(updateXTQueueItems(db.knex, [{ crmid: q!.crmid, status: 'Sleeping' as 'Done' }], { actingUserId: 1 })).rejects.toThrow(/XTQueue item \d+: Status \(xtq_status\) "Sleeping"/);
  });
});

describe('XeroAccounts upsert', () => {
  it('creates new accounts, updates changed ones by AccountID and leaves unchanged ones alone', async () => {
    const sales = { accountId: '5040915e-8ce7-4177-8d08-fde416232f18', code: '200', name: 'Sales', type: 'REVENUE', taxType: 'OUTPUT', status: 'ACTIVE', ownerId: 1 } as const;
    const bank = { accountId: '13918178-849a-4823-9a31-57b7eac713d7', code: '090', name: 'Business Bank Account', type: 'BANK', status: 'ACTIVE', ownerId: 1 } as const;
    const first = await upsertXeroAccounts(db.knex, [sales, bank], { actingUserId: 1, clock });
    expect(first.created.map((c) => c.recordNumber)).toEqual(['XA1', 'XA2']);
    clockMs += 5000;
    const second = await upsertXeroAccounts(db.knex, [{ ...sales, name: 'Sales (AU)' }, bank], { actingUserId: 1, clock });
    expect(second.created).toEqual([]);
    expect(second.updated.map((u) => u.accountId)).toEqual([sales.accountId]);
    expect(second.unchanged.map((u) => u.accountId)).toEqual([bank.accountId]);
    const rows = await all<{ xa_name: string; label: string; modifiedtime: string }>(db.knex, 'SELECT x.xa_name, c.label, c.modifiedtime FROM vtiger_xeroaccounts x JOIN vtiger_crmentity c ON c.crmid = x.xeroaccountsid ORDER BY x.xa_no');
    expect(rows).toEqual([
      { xa_name: 'Sales (AU)', label: 'Sales (AU)', modifiedtime: '2026-03-01 10:01:06' },
      { xa_name: 'Business Bank Account', label: 'Business Bank Account', modifiedtime: '2026-03-01 10:01:01' },
    ]);
    const concurrent = await Promise.all([1, 2, 3].map(() => upsertXeroAccounts(db.knex, [{ ...bank, accountId: 'c0ffee00-0000-4000-8000-000000000000', name: 'Clearing' }], { actingUserId: 1, clock })));
    expect(concurrent.flatMap((r) => r.created)).toHaveLength(1);
    await expect(upsertXeroAccounts(db.knex, [{ ...bank, type: 'MONEY' as 'BANK' }], { actingUserId: 1 })).rejects.toThrow(/Xero account 1: Type \(xa_type\) "MONEY" is not one of BANK/);
  });
});
