/**
 * A sync run in a process of its own, for the test that kills a run mid-way (kill -9) and starts it again.
 * Everything comes from the environment (set by the test): XT_DB (VtigerDbSettings as JSON), XT_XERO_URL,
 * XT_XERO_TENANT, XT_XERO_TOKEN (an access token the sandbox issued), XT_WS_URL (the webservice double).
 * Prints the run summary as JSON on stdout.
 */
import { createVtigerKnex, type VtigerDbSettings } from '../../../db/vtigerKnex.js';
import { systemClock } from '../../../time/clock.js';
import { createVtigerWebserviceClient } from '../../../vtiger/webservice/VtigerWebserviceClient.js';
import { XeroAccountingApi } from '../../../xero/api/XeroAccountingApi.js';
import { XeroRateGovernor } from '../../../xero/api/XeroRateGovernor.js';
import { runSync } from '../runSync.js';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  const knex = createVtigerKnex(JSON.parse(env('XT_DB')) as VtigerDbSettings);
  const token = env('XT_XERO_TOKEN');
  try {
    const xero = new XeroAccountingApi({
      apiUrl: env('XT_XERO_URL'),
      clock: systemClock,
      governor: new XeroRateGovernor(systemClock),
      tenantId: env('XT_XERO_TENANT'),
      tokens: { accessToken: () => Promise.resolve(token), renewAfterRejection: () => Promise.resolve(token) },
    });
    const vtiger = await createVtigerWebserviceClient({ knex, url: env('XT_WS_URL'), userName: 'admin' });
    const summary = await runSync({ knex, xero, vtiger, options: { vtigerSettleSeconds: 0 } }, { trigger: 'scheduled' });
    process.stdout.write(`${JSON.stringify(summary.pairs)}\n`);
  } finally {
    await knex.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
