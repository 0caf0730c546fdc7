import { randomBytes } from 'node:crypto';
import type { SampleDatabase } from './sampleDatabase.js';

/**
 * The environment of an XTiger backend wired to a local stack (demo, tests): the sample database, a Vtiger base URL
 * (the webservice double's, or a page server in front of it) and the Xero sandbox for all three Xero hosts, a
 * throw-away key for secrets at rest, and no watch of Vtiger edits (the schedule is off until Sync Settings are saved). A child process (the CLI) gets the same values.
 */
export function localStackEnv(input: { db: SampleDatabase; vtigerUrl: string; xeroUrl: string }): Record<string, string> {
  const { db, vtigerUrl, xeroUrl } = input;
  return {
    VTIGER_DB_HOST: db.settings.host,
    VTIGER_DB_PORT: String(db.settings.port),
    VTIGER_DB_USER: db.settings.user,
    VTIGER_DB_PASSWORD: db.settings.password,
    VTIGER_DB_NAME: db.name,
    VTIGER_URL: vtigerUrl,
    XERO_IDENTITY_URL: xeroUrl,
    XERO_LOGIN_URL: xeroUrl,
    XERO_API_URL: xeroUrl,
    XTIGER_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    VTIGER_EDIT_POLL_SECONDS: '0',
  };
}
