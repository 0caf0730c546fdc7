import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createSampleDatabase, type SampleDatabase } from '../testing/sampleDatabase.js';
import { createSecretBox } from '../crypto/secretBox.js';
import { markSyncSettingsSaved, readScheduleSettings, saveScheduleSettings, PROPOSED_SCHEDULE } from './scheduleSettings.js';
import { readNotificationSettings, readSmtpPassword, saveNotificationSettings } from './notificationSettings.js';

let db: SampleDatabase;
beforeAll(async () => {
  db = await createSampleDatabase({ migrate: true });
});
afterAll(async () => db?.drop());

describe('schedule settings', () => {
  it('reads all off until Sync Settings were saved once, then the stored schedule', async () => {
    await saveScheduleSettings(db.knex, PROPOSED_SCHEDULE);
    const before = await readScheduleSettings(db.knex);
    expect(before.saved).toBeUndefined();
    expect(Object.values(before.schedule.modules).every((m) => m.kind === 'off')).toBe(true);
    await markSyncSettingsSaved(db.knex, 1, new Date('2026-12-03T10:00:00Z'));
    const after = await readScheduleSettings(db.knex);
    expect(after.saved).toEqual({ savedAt: '2026-12-03T10:00:00.000Z', savedBy: 1 });
    expect(after.schedule.modules.Contacts).toEqual({ kind: 'every', minutes: 15 });
  });

  it('refuses a bad cron expression naming the module', async () => {
    await expect(saveScheduleSettings(db.knex, { modules: { ...PROPOSED_SCHEDULE.modules, Invoice: { kind: 'cron', expression: '99 * * * * *' } } })).rejects.toThrow(/Invoice/);
  });
});

describe('notification settings', () => {
  it('stores recipients and keeps the SMTP password sealed and write-only', async () => {
    const box = createSecretBox(randomBytes(32));
    await saveNotificationSettings(db.knex, box, { recipients: ['ops@example.com'], frequency: 'daily', language: 'ja_jp', smtp: { source: 'own', host: 'smtp.example.com', port: 587, secure: false, fromEmail: 'xtiger@example.com' } }, 's3cret');
    const read = await readNotificationSettings(db.knex);
    expect(read).toMatchObject({ recipients: ['ops@example.com'], frequency: 'daily', language: 'ja_jp', hasSmtpPassword: true });
    expect(JSON.stringify(read)).not.toContain('s3cret');
    const raw = (await db.knex('xtiger_settings').where('name', 'like', 'notifications%').select('value')) as Array<{ value: string }>;
    expect(raw.map((r) => r.value).join()).not.toContain('s3cret');
    expect(await readSmtpPassword(db.knex, box)).toBe('s3cret');
  });

  it('refuses an invalid recipient naming the field', async () => {
    const box = createSecretBox(randomBytes(32));
    await expect(saveNotificationSettings(db.knex, box, { recipients: ['not-an-email'] })).rejects.toThrow(/recipients\.0/);
  });
});
