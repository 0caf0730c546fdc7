import { describe, expect, it } from 'vitest';
import { XTigerError } from './errors/XTigerError.js';
import { startupFailureLine } from './startupFailure.js';

describe('startupFailureLine', () => {
  it('keeps the cause intact on one line, naming the setting', () => {
    const cause = Object.assign(new Error("Access denied for user 'root'@'127.0.0.1' (using password: YES)"), { code: 'ER_ACCESS_DENIED_ERROR' });
    const err = new XTigerError('VTIGER_DB_AUTH', 'The Vtiger database at 127.0.0.1:3306 refused user "root": check VTIGER_DB_USER and VTIGER_DB_PASSWORD.', { cause });
    const line = startupFailureLine(err);
    expect(line).toBe(
      `XTiger could not start. VTIGER_DB_AUTH: The Vtiger database at 127.0.0.1:3306 refused user "root": check VTIGER_DB_USER and VTIGER_DB_PASSWORD. Cause: Access denied for user 'root'@'127.0.0.1' (using password: YES)`,
    );
    expect(line).not.toContain('\n');
  });

  it('still scrubs a real secret from the text', () => {
    expect(startupFailureLine(new Error('token refused: refresh_token=abc123def'))).toContain('refresh_token=[REDACTED]');
  });
});
