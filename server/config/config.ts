import { z } from 'zod';
import { XTigerError } from '../errors/XTigerError.js';

/**
 * XTiger's configuration, parsed once at start-up from the environment (and `.env`, loaded by the entry
 * point). A missing or invalid setting stops start-up with a message naming the setting.
 * Switches are settings: an interval of 0 turns a schedule off.
 */
const intFrom = (def: number) => z.coerce.number().int().nonnegative().default(def);

const schema = z.object({
  // Vtiger's own MySQL/MariaDB database, read with SQL.
  VTIGER_DB_HOST: z.string().min(1).default('127.0.0.1'),
  VTIGER_DB_PORT: intFrom(3306),
  VTIGER_DB_USER: z.string().min(1).default('root'),
  VTIGER_DB_PASSWORD: z.string().default(''),
  VTIGER_DB_NAME: z.string().regex(/^[A-Za-z0-9_$]+$/, 'letters, digits, _ and $ only'),
  // Vtiger's base URL; the webservice is `<url>/webservice.php`, the OAuth callback `<url>/modules/XTiger/callback.php`.
  VTIGER_URL: z.string().url().default('http://localhost/vtiger'),
  // The Vtiger user the sync writes as (its access key is read from vtiger_users).
  VTIGER_SYNC_USER: z.string().min(1).default('admin'),
  // This backend: the address and port it listens on. Loopback by default: put a reverse proxy (TLS) in front of it
  // for browsers (README, "Running as a service"); 0.0.0.0 listens on every interface.
  XTIGER_HOST: z.string().min(1).default('127.0.0.1'),
  XTIGER_PORT: intFrom(8787),
  XTIGER_PUBLIC_URL: z.string().url().optional(),
  // AES-256-GCM key for secrets at rest: 32 bytes, base64. Without it a key file is created (mode 0600).
  XTIGER_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  // Absolute, or relative to XTiger's install folder (not the working directory).
  XTIGER_KEY_FILE: z.string().default('.xtiger/secret.key'),
  // Xero endpoints: the real ones by default, the sandbox's in tests and the demo.
  XERO_IDENTITY_URL: z.string().url().default('https://identity.xero.com'),
  XERO_LOGIN_URL: z.string().url().default('https://login.xero.com'),
  XERO_API_URL: z.string().url().default('https://api.xero.com'),
  XERO_DAILY_CALL_BUDGET: z.coerce.number().int().min(1000).max(5000).default(5000),
  // From address of sync reports sent through Vtiger's Outgoing Server when it has no "from" address of its own.
  // (The SMTP server itself is chosen in Settings → XTiger → Notifications: Vtiger's Outgoing Server or XTiger's own.)
  MAIL_FROM: z.string().default('XTiger <xtiger@localhost>'),
  // Xero incremental reads start this long before the last complete read (some changes are late to show).
  SYNC_XERO_OVERLAP_MINUTES: intFrom(5),
  // Webservice sessions the sync writes through in parallel (Vtiger runs one session's calls one after another;
  // PHP is CPU-bound, so more sessions than Vtiger's cores gain nothing).
  VTIGER_WS_SESSIONS: z.coerce.number().int().min(1).max(16).default(4),
  XTIGER_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Express `trust proxy`: which proxies' X-Forwarded-* headers count (req.secure, req.ip). 'loopback' (default),
  // 'false', 'true', a hop count, or addresses/subnets separated by commas. Cookies are Secure when the request
  // is (through a trusted proxy) or XTIGER_PUBLIC_URL is https.
  XTIGER_TRUST_PROXY: z.string().default('loopback'),
  // Per-user limits on "sync now" (admins' "sync everything" only has the hourly one): syncs per hour (a token
  // bucket), and the share of XERO_DAILY_CALL_BUDGET one user's syncs may spend in a day, counted up front as
  // SYNC_NOW_CALLS_PER_RECORD Xero calls per chosen record.
  SYNC_NOW_PER_USER_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(20),
  SYNC_NOW_USER_DAILY_SHARE_PERCENT: z.coerce.number().min(0.1).max(100).default(10),
  SYNC_NOW_CALLS_PER_RECORD: z.coerce.number().int().min(1).max(20).default(2),
  // Xero webhooks (POST /webhooks/xero): the app's webhook key, unless one is saved (sealed) in XTiger's settings.
  XERO_WEBHOOK_KEY: z.string().default(''),
  // Vtiger edits reach Xero without waiting for the schedule: the change feed is looked at every N seconds; 0 = off.
  VTIGER_EDIT_POLL_SECONDS: intFrom(5),
});

export type XTigerConfig = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): XTigerConfig {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const setting = String(first?.path[0] ?? 'unknown');
  const missing = env[setting] === undefined || env[setting] === '';
  const problems = parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
  throw new XTigerError(
    missing ? 'CONFIG_MISSING' : 'CONFIG_INVALID',
    missing
      ? `Setting ${setting} is missing: set it in the environment or in .env (see README).`
      : `Setting ${setting} is invalid: ${first?.message ?? 'bad value'}.`,
    { details: { problems } },
  );
}
