import { randomBytes } from 'node:crypto';
import type { VtigerDbSettings } from '../../db/vtigerKnex.js';

export interface VtigerConfigInput {
  db: VtigerDbSettings;
  /** Exactly the scheme://host:port/ clients use: Vtiger redirects any other and refuses POSTs from elsewhere. */
  siteUrl: string;
  /** The tree root, with a trailing slash added here. */
  rootDir: string;
  /** Where PHP errors of this instance are logged (read by phpErrors()). */
  errorLog: string;
}

/** A PHP single-quoted string literal. */
function phpString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * config.inc.php for one instance: the release's config.template.php with the install wizard's placeholders
 * filled, and error logging switched on after the template's own `error_reporting(…)` line (which turns it to 0 at
 * run time, so `-d error_reporting` on the command line cannot do it).
 */
export function renderVtigerConfig(template: string, input: VtigerConfigInput): string {
  const root = input.rootDir.endsWith('/') ? input.rootDir : `${input.rootDir}/`;
  const values: Record<string, string> = {
    _DBC_SERVER_: input.db.host,
    _DBC_PORT_: String(input.db.port),
    _DBC_USER_: input.db.user,
    _DBC_PASS_: input.db.password,
    _DBC_NAME_: input.db.database,
    _DBC_TYPE_: 'mysqli',
    _DB_STAT_: 'true',
    _SITE_URL_: input.siteUrl,
    _VT_ROOTDIR_: root,
    _VT_CACHEDIR_: 'cache/',
    _VT_TMPDIR_: 'cache/images/',
    _VT_UPLOADDIR_: 'cache/upload/',
    _MASTER_CURRENCY_: 'USA, Dollars',
    _VT_CHARSET_: 'UTF-8',
    _VT_DEFAULT_LANGUAGE_: 'en_us',
    _VT_APP_UNIQKEY_: randomBytes(16).toString('hex'),
    _USER_SUPPORT_EMAIL_: 'admin@example.com',
  };
  let config = template;
  for (const [placeholder, value] of Object.entries(values)) {
    // Inside single-quoted literals of the template: escape for that context.
    config = config.split(placeholder).join(phpString(value).slice(1, -1));
  }
  const leftover = /_[A-Z]+(?:_[A-Z]+)*_'/.exec(config);
  if (leftover) throw new Error(`config.template.php has a placeholder the harness does not fill: ${leftover[0]}`);
  const logging = [
    '',
    '// xtiger test harness: log every PHP error of this instance to a file the tests read.',
    // Deprecations left out: Vtiger 8.2's own code raises hundreds per request on PHP 8.2 (see index.ts).
    'error_reporting(E_ALL & ~E_DEPRECATED & ~E_STRICT);',
    "ini_set('display_errors', '0');",
    "ini_set('log_errors', '1');",
    "ini_set('log_errors_max_len', '0');",
    `ini_set('error_log', ${phpString(input.errorLog)});`,
    '',
  ].join('\n');
  return config.replace(/\?>\s*$/, '') + logging;
}
