import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectedBackend, xeroCounts, type ConnectedBackend } from '../../syncRuns/testing/connectedBackend.js';
import { writeXTLogEntries } from '../../vtiger/ownModules/xtLog.js';
import { assignRecord, createVtigerRole, createVtigerUser, setDefaultSharing } from '../../vtiger/permissions/testing/vtigerSecurity.js';
import { takeSyncNowAllowance } from '../auth/syncNowLimits.js';
import { syncRunSchema, syncStartedSchema, type SyncNowResult } from '../contracts/sync.js';

/**
 * Sync now and conflict resolution as Vtiger's permissions allow, through the real app, the webservice double
 * and the Xero sandbox. Accounts are Private; account 3 belongs to "owner" (Sales Person), 2 and 4 to admin.
 */
let b: ConnectedBackend;
let owner = 0;
let peer = 0;
let boss = 0;

async function post(path: string, body: unknown, token: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${b.app.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
/** Follows an accepted (202) sync-now run to its result. */
async function resultOf(started: { status: number; json: Record<string, unknown> }, token: string): Promise<SyncNowResult> {
  expect(started.status, JSON.stringify(started.json)).toBe(202);
  const { runId } = syncStartedSchema.parse(started.json);
  for (;;) {
    const res = await fetch(`${b.app.url}/api/sync/runs/${runId}`, { headers: { authorization: `Bearer ${token}` } });
    const run = syncRunSchema.parse(await res.json());
    if (run.state === 'failed') throw new Error(JSON.stringify(run.error));
    if (run.state === 'done' && run.result) return run.result;
    await new Promise((r) => setTimeout(r, 100));
  }
}
const errorOf = (json: Record<string, unknown>) => json['error'] as { code: string; message: string; details?: Record<string, unknown> };

beforeAll(async () => {
  b = await startConnectedBackend();
  const k = b.db.knex;
  owner = await createVtigerUser(k, { userName: 'owner', roleId: 'H5', language: 'ja_jp' });
  const peerRole = await createVtigerRole(k, { name: 'Peer', parentRoleId: 'H3', profileIds: [2] });
  peer = await createVtigerUser(k, { userName: 'peer', roleId: peerRole });
  boss = await createVtigerUser(k, { userName: 'boss', isAdmin: true });
  await setDefaultSharing(k, 'Accounts', 3);
  await assignRecord(k, 3, owner);
  await b.connect();
});
afterAll(async () => {
  await b?.close();
});

describe('sync now keeps only the records the user may edit', () => {
  it('a token of a user id that does not exist opens nothing (the invoice stays out of Xero)', async () => {
    const ghost = await b.app.tokenFor({ userId: 999_999, isAdmin: true, ensureUser: false });
    const res = await post('/api/sync', { module: 'Invoice', ids: [15] }, ghost);
    expect(res.status).toBe(401);
    expect(xeroCounts(b.sandbox).contacts).toBe(0);
  });

  it('syncs the permitted record and counts the others without naming them or telling whether they exist', async () => {
    const token = await b.app.tokenFor({ userId: owner, language: 'ja_jp' });
    const res = await post('/api/sync', { module: 'Accounts', ids: [2, 3, 999_999] }, token);
    expect(res.json['leftOut']).toMatchObject({ count: 2 });
    const result = await resultOf(res, token);
    expect(result.records.map((r) => r.recordId)).toEqual([3]);
    expect(result.leftOut?.count).toBe(2);
    expect(result.leftOut?.message).toBe('選択した Accounts のレコードのうち 2 件は除外しました。存在しないか、削除されたか、編集する権限がありません。');
    expect(JSON.stringify(res.json)).not.toContain('999999');
    expect(xeroCounts(b.sandbox).contacts).toBe(1);
  });

  it('a peer who may not see the record gets 403 and nothing reaches Xero; a missing id looks the same', async () => {
    const token = await b.app.tokenFor({ userId: peer });
    const hidden = await post('/api/sync', { module: 'Accounts', ids: [3] }, token);
    const missing = await post('/api/sync', { module: 'Accounts', ids: [999_998] }, token);
    expect(hidden.status).toBe(403);
    expect(missing.status).toBe(403);
    expect(errorOf(hidden.json).message).toBe(errorOf(missing.json).message);
    expect(xeroCounts(b.sandbox).contacts).toBe(1);
  });

  it('a demoted administrator loses "sync everything" at once, with the same token', async () => {
    const token = await b.app.tokenFor({ userId: boss, isAdmin: true });
    await b.db.knex('vtiger_users').where({ id: boss }).update({ is_admin: 'off' });
    const res = await post('/api/sync', { all: true, dryRun: true }, token);
    expect(res.status).toBe(403);
  });
});

describe('conflict resolution is an administrator\'s call', () => {
  it('users get 403, even the record\'s owner; an administrator resolves it', async () => {
    const [log] = await writeXTLogEntries(b.db.knex, [
      { module: 'Accounts', relatedTo: 3, direction: 'Xero to Vtiger', action: 'Update', status: 'Conflict', message: 'name changed on both sides', runId: 'run-c', trigger: 'Instant', startedAt: new Date(), ownerId: 1 },
    ]);
    const logId = Number(log?.crmid);
    const denied = await post(`/api/conflicts/${logId}/resolve`, { keep: 'xero' }, await b.app.tokenFor({ userId: peer }));
    expect(denied.status).toBe(403);
    expect(errorOf(denied.json).code).toBe('FORBIDDEN');
    const ownerAnswer = await post(`/api/conflicts/${logId}/resolve`, { keep: 'vtiger' }, await b.app.tokenFor({ userId: owner }));
    expect(ownerAnswer.status).toBe(403);
    const allowed = await post(`/api/conflicts/${logId}/resolve`, { keep: 'vtiger' }, b.adminToken);
    expect(allowed.status, JSON.stringify(allowed.json)).toBe(200);
  });
});

describe('per-user limits on sync now', () => {
  const settings = { SYNC_NOW_PER_USER_PER_HOUR: 2, SYNC_NOW_USER_DAILY_SHARE_PERCENT: 1, SYNC_NOW_CALLS_PER_RECORD: 2, XERO_DAILY_CALL_BUDGET: 1000 };

  it('a token bucket per user per hour, refilled over the hour; answered in the user\'s language', async () => {
    const user = { userId: 7001, isAdmin: false, language: 'ja_jp' };
    const t0 = Date.UTC(2026, 11, 3, 9, 0, 0);
    await takeSyncNowAllowance(b.db.knex, settings, user, 1, t0);
    await takeSyncNowAllowance(b.db.knex, settings, user, 1, t0);
    const third = await takeSyncNowAllowance(b.db.knex, settings, user, 1, t0).catch((e: unknown) => e);
    expect(third).toMatchObject({ code: 'USER_LIMIT_REACHED', httpStatus: 429 });
    expect((third as Error).message).toContain('30 分後');
    // Half an hour later one sync is back.
    await expect(takeSyncNowAllowance(b.db.knex, settings, user, 1, t0 + 30 * 60_000)).resolves.toBeUndefined();
    // Another user has a bucket of their own.
    await expect(takeSyncNowAllowance(b.db.knex, settings, { ...user, userId: 7002 }, 1, t0)).resolves.toBeUndefined();
  });

  it("a user's share of the organisation's daily Xero calls; a refused call takes nothing; the next UTC day starts afresh", async () => {
    const user = { userId: 7003, isAdmin: false, language: 'en_us' };
    const t0 = Date.UTC(2026, 11, 3, 9, 0, 0);
    // 1 % of 1000 = 10 calls; 2 calls per record.
    await takeSyncNowAllowance(b.db.knex, settings, user, 4, t0);
    const over = await takeSyncNowAllowance(b.db.knex, settings, user, 2, t0 + 1000).catch((e: unknown) => e);
    expect(over).toMatchObject({ code: 'USER_LIMIT_REACHED', httpStatus: 429 });
    expect((over as Error).message).toContain('your share (10 of the organisation\'s 1000 daily calls; 8 used)');
    await expect(takeSyncNowAllowance(b.db.knex, settings, user, 1, t0 + 2000)).resolves.toBeUndefined();
    await expect(takeSyncNowAllowance(b.db.knex, settings, user, 5, t0 + 24 * 3_600_000)).resolves.toBeUndefined();
  });

  it('POST /api/sync answers 429 in the user\'s language once the hour\'s syncs are used', async () => {
    const token = await b.app.tokenFor({ userId: owner, language: 'ja_jp' });
    let last = { status: 0, json: {} as Record<string, unknown> };
    for (let i = 0; i < b.config.SYNC_NOW_PER_USER_PER_HOUR + 1 && last.status !== 429; i++) {
      last = await post('/api/sync', { module: 'Accounts', ids: [3], dryRun: true }, token);
    }
    expect(last.status).toBe(429);
    expect(errorOf(last.json).code).toBe('USER_LIMIT_REACHED');
    expect(errorOf(last.json).message).toContain('同期回数の上限');
  });
});
