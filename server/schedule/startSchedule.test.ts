import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import { startSchedule } from './startSchedule.js';

function capturedLogger() {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    }),
  });
  return { lines, logger };
}

describe('startSchedule', () => {
  it('starts nothing when the interval is 0', async () => {
    const { lines, logger } = capturedLogger();
    const schedule = startSchedule({ SYNC_INTERVAL_MINUTES: 0 }, () => Promise.reject(new Error('not called')), logger);
    expect(schedule.jobs).toEqual([]);
    expect(lines.join('')).toContain('scheduled sync is off');
    await schedule.stop();
  });

  it('keeps the process alive and logs when a tick cannot even start', async () => {
    const { lines, logger } = capturedLogger();
    let attempts = 0;
    const schedule = startSchedule(
      { SYNC_INTERVAL_MINUTES: 15 },
      () => {
        attempts++;
        return Promise.reject(new Error('the encryption key file is unreadable'));
      },
      logger,
      { syncCron: '* * * * * *' },
    );
    expect(schedule.jobs).toEqual(['scheduled-sync']);
    const deadline = Date.now() + 2500;
    while (attempts === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await schedule.stop();
    expect(attempts).toBeGreaterThan(0);
    const failure = lines.map((l) => JSON.parse(l) as { msg: string; job?: string; err?: { message: string } }).find((l) => l.msg === 'scheduled sync could not start');
    expect(failure).toMatchObject({ job: 'scheduled-sync', err: { message: 'the encryption key file is unreadable' } });
  });

  it('refuses an interval cron cannot express at start-up', () => {
    const { logger } = capturedLogger();
    expect(() => startSchedule({ SYNC_INTERVAL_MINUTES: 90 }, () => Promise.reject(new Error('not called')), logger)).toThrow(/SYNC_INTERVAL_MINUTES/);
  });
});
