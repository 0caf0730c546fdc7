/** One PHP error as logged by PHP (`[date] PHP <Level>:  <message> in <file> on line <n>`, plus stack lines). */
export interface PhpError {
  level: 'fatal' | 'parse' | 'warning' | 'notice' | 'deprecated' | 'other';
  message: string;
  file?: string;
  line?: number;
  /** The full entry including the stack trace of uncaught errors. */
  text: string;
  /** Which log it came from. */
  source: 'error-log' | 'server-stderr';
}

const ENTRY = /^(?:\[[^\]]+\] )*PHP (Fatal error|Parse error|Warning|Notice|Deprecated|[A-Za-z ]+?):\s+(.*)$/;
const LOCATION = / in (\/\S+?)(?::(\d+)|\s+on line (\d+))/;

function levelOf(label: string): PhpError['level'] {
  if (label === 'Fatal error') return 'fatal';
  if (label === 'Parse error') return 'parse';
  if (label === 'Warning') return 'warning';
  if (label === 'Notice') return 'notice';
  if (label === 'Deprecated') return 'deprecated';
  return 'other';
}

/**
 * Parses a PHP error log (or php -S's stderr, where the same entries appear without the `[date]` prefix) into
 * entries; lines that do not start an entry (stack traces, "thrown in …") belong to the entry before them, and
 * php -S's own access lines are skipped.
 */
export function parsePhpErrors(log: string, source: PhpError['source']): PhpError[] {
  const errors: PhpError[] = [];
  for (const raw of log.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (!line) continue;
    const m = ENTRY.exec(line);
    if (m && m[1] !== undefined && m[2] !== undefined) {
      const loc = LOCATION.exec(m[2]);
      const lineNo = loc ? Number(loc[2] ?? loc[3]) : undefined;
      errors.push({ level: levelOf(m[1]), message: m[2], ...(loc?.[1] ? { file: loc[1] } : {}), ...(lineNo ? { line: lineNo } : {}), text: line, source });
      continue;
    }
    const last = errors[errors.length - 1];
    const isAccessLine = /^\[[^\]]+\] (?:\d+\.\d+\.\d+\.\d+|\[::1\]):\d+ (?:Accepted|Closing|\[\d+\])/.test(line) || /^\[[^\]]+\] PHP \d+\.\d+\.\d+ Development Server/.test(line);
    if (last && !isAccessLine && (/^(?:\[[^\]]+\] )?(?:PHP )?(?:Stack trace:|\s*#\d+ |\s*thrown in |\s+)/.test(line) || /^\[[^\]]+\] PHP\s+\d+\. /.test(line))) last.text += `\n${line}`;
  }
  return errors;
}

/** Our modules' folders (and anything of theirs inside Vtiger's tree): every error there counts. */
const OURS = /\/modules\/(?:Settings\/)?(?:XTiger|XTLog|XTQueue|XeroAccounts)\/|\/languages\/[a-z_]+\/(?:Settings\/)?(?:XTiger|XTLog|XTQueue|XeroAccounts)\.php|\/layouts\/v7\/modules\/(?:Settings\/)?(?:XTiger|XTLog|XTQueue|XeroAccounts)\//;

/**
 * The errors a test fails on: every fatal/parse error and uncaught exception anywhere, and warnings and notices
 * from our modules' files (deprecations are not logged at all: see index.ts). Vtiger 8.2's own warnings and deprecations on PHP 8.2 (adodb dynamic
 * properties, vtlib, Smarty…) are its own and would fail every test, so they are filtered by file.
 */
export function failingPhpErrors(errors: PhpError[]): PhpError[] {
  return errors.filter((e) => {
    if (e.level === 'fatal' || e.level === 'parse' || /Uncaught /.test(e.message)) return true;
    return e.file !== undefined && OURS.test(e.file);
  });
}
