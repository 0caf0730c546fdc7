import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createSecretBox, type SecretBox } from '../crypto/secretBox.js';
import { createVtigerKnex } from '../db/vtigerKnex.js';
import { startReportJobs } from './reportJobs.js';
import { saveNotificationSettings } from '../settings/notificationSettings.js';
import { startSyncRun, syncRunContextFor, type SyncRunContext } from '../syncRuns/startSyncRun.js';
import { startConnectedBackend, type ConnectedBackend } from '../syncRuns/testing/connectedBackend.js';
import { writeXTLogEntries } from '../vtiger/ownModules/xtLog.js';
import type { RunSummary } from '../sync/run/types.js';
import { runReportPass, type ReportMailerDeps } from './reportMailer.js';
import { startSmtpCatcher, type SmtpCatcher } from './testing/smtpCatcher.js';
import { encodeVtigerProtectedText } from './vtigerOutgoingServer.js';

/**
 * E-mail reports end to end: a real sync (sample database, webservice double, Xero sandbox), then the report mailer
 * sending through a real SMTP server process listening on TCP (smtp-server), with Vtiger's Outgoing Server settings
 * (password stored the way Vtiger stores it) or XTiger's own.
 */
let b: ConnectedBackend;
let ctx: SyncRunContext;
let box: SecretBox;
let smtp: SmtpCatcher;
const SMTP_PASSWORD = 'pä$$-wörd 1';

beforeAll(async () => {
  b = await startConnectedBackend();
  await b.connect();
  ctx = await syncRunContextFor(b.app.deps);
  box = createSecretBox(Buffer.from(b.env['XTIGER_ENCRYPTION_KEY'] ?? '', 'base64'));
  smtp = await startSmtpCatcher({ requireAuth: { user: 'mailer@example.com', pass: SMTP_PASSWORD } });
  // Vtiger's Settings → Outgoing Server, saved the way Vtiger saves it.
  await b.db.knex('vtiger_systems').insert({
    id: 1, server: `127.0.0.1:${smtp.port}`, server_port: 0, server_username: 'mailer@example.com', server_password: encodeVtigerProtectedText(SMTP_PASSWORD),
    server_type: 'email', smtp_auth: 'on', server_path: '', from_email_field: 'crm@example.com',
  });
});
afterAll(async () => {
  await smtp?.close();
  await b?.close();
});

function mailerDeps(now?: () => Date): ReportMailerDeps {
  return { knex: b.db.knex, logger: b.app.deps.logger, box, vtigerUrl: b.config.VTIGER_URL, mailFrom: 'XTiger <xtiger@localhost>', syncUserName: 'admin', ...(now ? { now } : {}) };
}

/** A failed and a waiting line in a run's log, as the engine writes them (e-mail status Pending). */
async function addProblems(runId: string, message: string): Promise<{ contactId: number }> {
  const [contact] = (await b.db.knex('vtiger_contactdetails as c').join('vtiger_crmentity as e', 'e.crmid', 'c.contactid').where('e.deleted', 0).orderBy('c.contactid').limit(1).select('c.contactid')) as Array<{ contactid: number }>;
  const contactId = Number(contact?.contactid);
  const base = { runId, trigger: 'Instant' as const, startedAt: new Date(), ownerId: 1, emailStatus: 'Pending' as const };
  await writeXTLogEntries(b.db.knex, [
    { ...base, module: 'Contacts', relatedTo: contactId, direction: 'Vtiger to Xero', action: 'Update', status: 'Failed', message },
    { ...base, module: 'Products', relatedTo: null, xeroId: 'abc-123', direction: 'Xero to Vtiger', action: 'Update', status: 'Conflict', message: 'Price changed on both sides.' },
  ]);
  return { contactId };
}

function created(summary: RunSummary, pair: 'accounts' | 'contacts' | 'products' | 'services'): number {
  return summary.pairs[pair]?.created ?? 0;
}

async function emailStatuses(runId: string): Promise<Record<string, number>> {
  const rows = (await b.db.knex('vtiger_xtlog').where({ xtl_run_id: runId }).groupBy('xtl_email_status').select('xtl_email_status as s').count({ n: '*' })) as Array<{ s: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.s, Number(r.n)]));
}

describe('e-mail reports', () => {
  let firstRun: RunSummary;

  it('sends the report of a sync in English through Vtiger\'s Outgoing Server, with its counts, failures, waiting records and links, values escaped', async () => {
    await saveNotificationSettings(b.db.knex, box, { recipients: ['ops@example.com', 'boss@example.com'], frequency: 'each_sync', language: 'en_us', smtp: { source: 'vtiger' } });
    // The mailer notes only runs finished after it first ran.
    await runReportPass(mailerDeps());
    firstRun = await startSyncRun(ctx, { request: { trigger: 'instant', modules: ['accounts', 'contacts', 'products', 'services'] }, entryPoint: 'cli', lockWaitSeconds: 30 });
    expect(created(firstRun, 'accounts') + created(firstRun, 'contacts')).toBeGreaterThan(0);
    const { contactId } = await addProblems(firstRun.runId, 'Xero refused <b onclick="x()">"A&B"</b> <i>Ltd</i>');
    expect((await emailStatuses(firstRun.runId))['Pending']).toBe(2);

    const pass = await runReportPass(mailerDeps());
    expect(pass).toMatchObject({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0];
    expect(smtp.logins).toContainEqual({ user: 'mailer@example.com', pass: SMTP_PASSWORD });
    expect(mail?.to.sort()).toEqual(['boss@example.com', 'ops@example.com']);
    expect(mail?.from).toBe('crm@example.com');
    expect(mail?.subject).toMatch(/^XTiger sync report: 1 failed, 1 waiting/);
    // Counts per module and action, as the run's summary has them.
    const orgs = firstRun.pairs.accounts;
    expect(mail?.text).toContain(`- Organizations / Create: Done ${orgs?.created ?? 0}, Failed 0`);
    expect(mail?.text).toContain(`- Products / Create: Done ${firstRun.pairs.products?.created ?? 0}`);
    expect(mail?.text).toContain('- Contacts / Update: Done 0, Failed 1, Skipped 0, Waiting 0');
    expect(mail?.text).toContain('Failed records (1)');
    // As stored: Vtiger's purification took the event handler out; the markup itself is text for the report.
    expect(mail?.text).toContain('Xero refused <b>"A&B"</b> <i>Ltd</i>');
    expect(mail?.text).toContain(`${b.config.VTIGER_URL}/index.php?module=Contacts&view=Detail&record=${contactId}`);
    expect(mail?.text).toContain('Waiting records (1)');
    expect(mail?.text).toMatch(/Records in the queue waiting for their next attempt: \d+\./);
    // HTML: values escaped, links to the records.
    expect(mail?.html).toContain('Xero refused &lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; &lt;i&gt;Ltd&lt;/i&gt;');
    expect(mail?.html).not.toContain('<i>Ltd');
    const hrefs = [...(mail?.html ?? '').matchAll(/href="([^"]*)"/g)].map((m) => (m[1] ?? '').replace(/&#x3D;/g, '=').replace(/&amp;/g, '&'));
    expect(hrefs).toContain(`${b.config.VTIGER_URL}/index.php?module=Contacts&view=Detail&record=${contactId}`);
    expect(await emailStatuses(firstRun.runId)).toMatchObject({ Sent: 2 });
    expect((await emailStatuses(firstRun.runId))['Pending']).toBeUndefined();
  });

  it('sends it in Japanese when the settings say so; a run that logged nothing sends nothing', async () => {
    await saveNotificationSettings(b.db.knex, box, { recipients: ['ops@example.com'], frequency: 'each_sync', language: 'ja_jp', smtp: { source: 'vtiger' } });
    const quiet = await startSyncRun(ctx, { request: { trigger: 'instant', modules: ['products'] }, entryPoint: 'cli', lockWaitSeconds: 30 });
    expect(await runReportPass(mailerDeps())).toMatchObject({ sent: 0, notRequired: 1 });
    expect(smtp.mails).toHaveLength(1);
    expect(quiet.pairs.products).toMatchObject({ created: 0, updated: 0, failed: 0 });

    const run = await startSyncRun(ctx, { request: { trigger: 'instant', modules: ['services'] }, entryPoint: 'cli', lockWaitSeconds: 30 });
    await addProblems(run.runId, '名前が長すぎます');
    expect(await runReportPass(mailerDeps())).toMatchObject({ sent: 1 });
    const mail = smtp.mails[1];
    expect(mail?.subject).toMatch(/^XTiger 同期レポート：失敗 1 件、保留 1 件/);
    expect(mail?.text).toContain('- 担当者 / 更新: 完了 0, 失敗 1, スキップ 0, 保留 0');
    expect(mail?.text).toContain('- 製品 / 更新: 完了 0, 失敗 0, スキップ 0, 保留 1');
    expect(mail?.text).toContain('失敗したレコード（1 件）');
    expect(mail?.text).toContain('名前が長すぎます');
    expect(mail?.html).toContain('<html lang="ja">');
    expect(await emailStatuses(run.runId)).toEqual({ Sent: 2 });
  });

  it('retries a send that failed (SMTP server down) later, without delaying the sync', async () => {
    const down = await startSmtpCatcher();
    const port = down.port;
    await down.close();
    await saveNotificationSettings(b.db.knex, box, { recipients: ['ops@example.com'], frequency: 'each_sync', language: 'en_us', smtp: { source: 'own', host: '127.0.0.1', port, secure: false, fromEmail: 'xtiger@example.com' } });
    const t0 = Date.now();
    const run = await startSyncRun(ctx, { request: { trigger: 'instant', modules: ['products'] }, entryPoint: 'cli', lockWaitSeconds: 30 });
    const runMs = Date.now() - t0;
    await addProblems(run.runId, 'Failed once');
    let clock = Date.now();
    const deps = mailerDeps(() => new Date(clock));
    const first = await runReportPass(deps, { retryBaseMs: 60_000, sendTimeoutMs: 5000 });
    expect(first).toMatchObject({ sent: 0, retried: 1 });
    expect(first?.errors[0]).toMatch(/ECONNREFUSED|connect/i);
    expect(await emailStatuses(run.runId)).toEqual({ Pending: 2 });
    // Not yet due: nothing is tried.
    expect(await runReportPass(deps, { retryBaseMs: 60_000 })).toMatchObject({ sent: 0, retried: 0 });
    const back = await startSmtpCatcher({ port });
    try {
      clock += 61_000;
      expect(await runReportPass(deps, { retryBaseMs: 60_000 })).toMatchObject({ sent: 1 });
      expect(back.mails).toHaveLength(1);
      expect(back.mails[0]?.subject).toMatch(/^XTiger sync report: 1 failed, 1 waiting/);
    } finally {
      await back.close();
    }
    const [row] = (await b.db.knex('xtiger_report_outbox').where({ kind: 'run', run_id: run.runId }).select('status', 'attempts')) as Array<{ status: string; attempts: number }>;
    expect(row).toEqual({ status: 'sent', attempts: 2 });
    expect(await emailStatuses(run.runId)).toEqual({ Sent: 2 });
    // The run never waited for mail: it had finished before the first attempt was even made.
    expect(runMs).toBeLessThan(10_000);
  });

  it('gives up after the last attempt when the server rejects the mail, and says so on the lines', async () => {
    const rejecting = await startSmtpCatcher({ rejectRecipients: true });
    try {
      await saveNotificationSettings(b.db.knex, box, { recipients: ['ops@example.com'], frequency: 'each_sync', language: 'en_us', smtp: { source: 'own', host: '127.0.0.1', port: rejecting.port, secure: false, fromEmail: 'xtiger@example.com' } });
      const run = await startSyncRun(ctx, { request: { trigger: 'instant', modules: ['products'] }, entryPoint: 'cli', lockWaitSeconds: 30 });
      await addProblems(run.runId, 'Rejected');
      let clock = Date.now();
      const deps = mailerDeps(() => new Date(clock));
      expect(await runReportPass(deps, { maxAttempts: 2, retryBaseMs: 1000 })).toMatchObject({ retried: 1 });
      clock += 2000;
      const last = await runReportPass(deps, { maxAttempts: 2, retryBaseMs: 1000 });
      expect(last).toMatchObject({ failed: 1 });
      expect(last?.errors[0]).toMatch(/550|unavailable/);
      expect(await emailStatuses(run.runId)).toEqual({ Failed: 2 });
    } finally {
      await rejecting.close();
    }
  });

  it('marks lines Not required when no report is wanted', async () => {
    await saveNotificationSettings(b.db.knex, box, { recipients: [], frequency: 'off', language: 'en_us', smtp: { source: 'vtiger' } });
    const run = await startSyncRun(ctx, { request: { trigger: 'instant', modules: ['products'] }, entryPoint: 'cli', lockWaitSeconds: 30 });
    await addProblems(run.runId, 'Nobody to tell');
    expect(await runReportPass(mailerDeps())).toMatchObject({ notRequired: 1 });
    expect(await emailStatuses(run.runId)).toEqual({ 'Not required': 2 });
  });

  it('a daily digest covers the day\'s lines and is sent once, though two backends run the mailer at the same moment', async () => {
    const catcher = await startSmtpCatcher();
    const other = createVtigerKnex({ ...b.db.settings, poolMax: 3 });
    try {
      await saveNotificationSettings(b.db.knex, box, { recipients: ['ops@example.com'], frequency: 'daily', language: 'en_us', smtp: { source: 'own', host: '127.0.0.1', port: catcher.port, secure: false, fromEmail: 'xtiger@example.com' } });
      const run = await startSyncRun(ctx, { request: { trigger: 'instant', modules: ['products'] }, entryPoint: 'cli', lockWaitSeconds: 30 });
      await addProblems(run.runId, 'For the digest');
      // Today: the run's report waits for the digest; its lines stay Pending.
      await runReportPass(mailerDeps());
      expect(await emailStatuses(run.runId)).toEqual({ Pending: 2 });
      const tomorrow = new Date(Date.now() + 86_400_000);
      const passes = await Promise.all([runReportPass(mailerDeps(() => tomorrow)), runReportPass({ ...mailerDeps(() => tomorrow), knex: other })]);
      const again = await runReportPass({ ...mailerDeps(() => tomorrow), knex: other });
      expect(passes.reduce((n, p) => n + (p?.sent ?? 0), 0) + (again?.sent ?? 0)).toBe(1);
      expect(catcher.mails).toHaveLength(1);
      expect(catcher.mails[0]?.subject).toMatch(/^XTiger daily report: \d+ failed, \d+ waiting \(\d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\)$/);
      expect(catcher.mails[0]?.text).toContain('For the digest');
      expect(await emailStatuses(run.runId)).toEqual({ Sent: 2 });
    } finally {
      await other.destroy();
      await catcher.close();
    }
  });

  it('a report stuck on an SMTP server that never answers does not hold up a sync', async () => {
    const held = new Set<Socket>();
    const silent = createServer((socket) => held.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const jobs = startReportJobs(mailerDeps(), { everySeconds: 59, sendTimeoutMs: 4000 });
    try {
      await saveNotificationSettings(b.db.knex, box, { recipients: ['ops@example.com'], frequency: 'each_sync', language: 'en_us', smtp: { source: 'own', host: '127.0.0.1', port, secure: false, fromEmail: 'xtiger@example.com' } });
      const first = await startSyncRun(ctx, { request: { trigger: 'instant', modules: ['products'] }, entryPoint: 'cli', lockWaitSeconds: 30 });
      await addProblems(first.runId, 'Stuck report');
      let passDone = false;
      const pass = jobs.kick().then((p) => {
        passDone = true;
        return p;
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(held.size).toBeGreaterThan(0);
      const t0 = Date.now();
      const second = await startSyncRun(ctx, { request: { trigger: 'instant', modules: ['products'] }, entryPoint: 'cli', lockWaitSeconds: 30 });
      const ms = Date.now() - t0;
      // The sync ended while the report was still waiting for the server.
      expect(passDone).toBe(false);
      expect(second.pairs.products).toBeDefined();
      expect(ms).toBeLessThan(3000);
      const result = await pass;
      expect(result).toMatchObject({ sent: 0, retried: 1 });
      expect(result?.errors[0]).toMatch(/did not finish within 4 s|timeout|Greeting/i);
    } finally {
      await jobs.stop();
      for (const s of held) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
