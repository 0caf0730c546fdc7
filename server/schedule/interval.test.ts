import { describe, expect, it } from 'vitest';
import { validate } from 'node-cron';
import { isXTigerError } from '../errors/XTigerError.js';
import { cronExpressionForInterval } from './interval.js';

describe('schedule interval', () => {
  it('0 is off', () => {
    expect(cronExpressionForInterval(0, 'SYNC_INTERVAL_MINUTES')).toBeUndefined();
  });

  it('turns minutes and whole hours into valid cron expressions', () => {
    const cases: Array<[number, string]> = [
      [1, '*/1 * * * *'],
      [15, '*/15 * * * *'],
      [59, '*/59 * * * *'],
      [60, '0 */1 * * *'],
      [180, '0 */3 * * *'],
      [1440, '0 0 * * *'],
    ];
    for (const [minutes, cron] of cases) {
      expect(cronExpressionForInterval(minutes, 'SYNC_INTERVAL_MINUTES')).toBe(cron);
      expect(validate(cron)).toBe(true);
    }
  });

  it('refuses what cron cannot express, naming the setting', () => {
    for (const minutes of [90, 1500, 2.5]) {
      try {
        cronExpressionForInterval(minutes, 'SYNC_INTERVAL_MINUTES');
        throw new Error(`expected ${minutes} to be refused`);
      } catch (e) {
        expect(isXTigerError(e, 'CONFIG_INVALID')).toBe(true);
        expect((e as Error).message).toContain('SYNC_INTERVAL_MINUTES');
      }
    }
  });
});
