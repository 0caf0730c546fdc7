import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../testing/paths.js';
import { startConnectedBackend, xeroCounts, type ConnectedBackend } from '../syncRuns/testing/connectedBackend.js';
import { parseSummaryTable } from './summaryTable.js';

/**
 * The `xtiger` command as a child process (scripts/xtiger.ts through tsx), configured by environment variables
 * only, against the sample database with the modules, the webservice double and the Xero sandbox.
 */
let b: ConnectedBackend;

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function xtiger(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/xtiger.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...b.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  b = await startConnectedBackend();
});
afterAll(async () => {
  await b?.close();
});

describe('xtiger (child process)', () => {
  it('bad arguments: exit 2 with a message naming the argument', async () => {
    const r = await xtiger(['sync', '--module', 'Quotes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('xtiger: --module "Quotes" is not one of contacts, accounts, products, services, invoices');
    expect(r.stdout).toBe('');
  });

  it('a sync that cannot run: exit 1 with the reason', async () => {
    const r = await xtiger(['sync', '--module', 'organizations']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('xtiger: sync failed: Xero is not connected');
    expect(r.stderr).toContain('(XERO_NOT_CONNECTED)');
  });

  it('--dry-run reports what would happen and writes nothing', async () => {
    await b.connect();
    const r = await xtiger(['sync', '--module', 'organizations', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('(dry run: nothing was written)');
    expect(parseSummaryTable(r.stdout)['Organizations']).toEqual({ created: 3, updated: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0 });
    expect(xeroCounts(b.sandbox)).toMatchObject({ contacts: 0, items: 0 });
    expect(await b.db.knex('xtiger_links').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('--ids syncs exactly those records', async () => {
    // Maria Garcia (a contact without an organization) and Widget A.
    const r = await xtiger(['sync', '--ids', '9,10']);
    expect(r.code, r.stderr).toBe(0);
    const table = parseSummaryTable(r.stdout);
    expect(table['Contacts']).toMatchObject({ created: 1, failed: 0 });
    expect(table['Products']).toMatchObject({ created: 1, failed: 0 });
    expect(table['Total']?.created).toBe(2);
    const org = b.sandbox.org(b.sandbox.demoTenantId);
    expect(org.contacts.all().map((c) => c.Name)).toEqual(['Maria Garcia']);
    expect(org.items.all().map((i) => i.Name)).toEqual(['Widget A']);
  });

  it('a full sync prints plain progress lines off a terminal and the summary table', async () => {
    const r = await xtiger(['sync']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('\r');
    expect(r.stderr).toMatch(/^Organizations\s+\[#+\]\s+3\/3 100%$/m);
    const table = parseSummaryTable(r.stdout);
    expect(table['Organizations']).toMatchObject({ created: 3, failed: 0 });
    expect(table['Contacts']).toMatchObject({ created: 4, failed: 0 });
    expect(table['Services']).toMatchObject({ created: 1, failed: 0 });
    expect(xeroCounts(b.sandbox)).toMatchObject({ contacts: 4, items: 5 });
  });

  it('status shows the connection and the last runs', async () => {
    const [last] = (await b.db.knex('xtiger_sync_runs').orderBy('id', 'desc').limit(1)) as Array<{ run_id: string }>;
    const r = await xtiger(['status']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Xero     connected: XTiger Demo Company');
    expect(r.stdout).toMatch(new RegExp(`finished\\s+instant/cli\\s+${last?.run_id ?? 'missing'}`));
    expect(r.stdout).toMatch(/failed\s+instant\/cli\s+-\s+XERO_NOT_CONNECTED/);
    expect(r.stdout).toContain('tokens: readable, and a refresh at Xero worked');
  });

  it('status does not say "connected" when the stored tokens cannot be decrypted with the key it was given', async () => {
    const r = await xtiger(['status'], { XTIGER_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('Xero     connected');
    expect(r.stdout).toContain('Xero     needs to be reconnected: XTiger Demo Company');
    expect(r.stdout).toContain('tokens: stored, but they cannot be decrypted with the current encryption key');
    expect(r.stdout).toMatch(/next: The stored Xero tokens cannot be read with the current encryption key/);
  });

  it('a sync user Vtiger does not know: exit 1 naming it', async () => {
    const r = await xtiger(['sync', '--module', 'products'], { VTIGER_SYNC_USER: 'nobody' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"nobody"');
  });
});
