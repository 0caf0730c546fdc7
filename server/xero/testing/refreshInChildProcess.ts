/**
 * Test helper run as a separate process (tsx): waits until START_AT, asks the token store for an access token of
 * CONNECTION_ID (which is due for a refresh), and prints one JSON line with the outcome — a hash of the token, never
 * the token. Its own log lines go to stdout too, so the test can read who refreshed and check them for secrets.
 */
import { createHash } from 'node:crypto';
import { createVtigerKnex } from '../../db/vtigerKnex.js';
import { createSecretBox } from '../../crypto/secretBox.js';
import { createLogger } from '../../logging/logger.js';
import { systemClock } from '../../time/clock.js';
import { createXeroServices } from '../xeroServices.js';

const env = (name: string): string => {
  const v = process.env[name];
  if (v === undefined) throw new Error(`${name} is not set`);
  return v;
};

const knex = createVtigerKnex({ host: env('DB_HOST'), port: Number(env('DB_PORT')), user: env('DB_USER'), password: process.env['DB_PASSWORD'] ?? '', database: env('DB_NAME') });
const xeroUrl = env('XERO_URL');
const services = createXeroServices({
  settings: { VTIGER_URL: 'http://vtiger.test', XERO_API_URL: xeroUrl, XERO_IDENTITY_URL: env('XERO_IDENTITY_URL'), XERO_LOGIN_URL: xeroUrl, XERO_DAILY_CALL_BUDGET: 5000 },
  knex,
  logger: createLogger({ level: 'debug', name: `child-${process.pid}` }),
  box: createSecretBox(Buffer.from(env('KEY'), 'base64')),
});

await new Promise((r) => setTimeout(r, Math.max(0, Number(env('START_AT')) - Date.now())));
const startedAt = Date.now();
try {
  const token = await services.tokens.accessToken(Number(env('CONNECTION_ID')));
  console.log(JSON.stringify({ outcome: 'ok', tokenHash: createHash('sha256').update(token).digest('hex'), startedAt, at: Date.now(), pid: process.pid }));
} catch (err) {
  console.log(JSON.stringify({ outcome: 'error', code: (err as { code?: string }).code, message: (err as Error).message, pid: process.pid }));
}
await knex.destroy();
await systemClock.sleep(0);
