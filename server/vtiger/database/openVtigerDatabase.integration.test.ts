import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampleDatabase, type SampleDatabase } from '../../testing/sampleDatabase.js';
import { isXTigerError, type XTigerErrorCode } from '../../errors/XTigerError.js';
import type { VtigerDbSettings } from '../../db/vtigerKnex.js';
import { openVtigerDatabase } from './openVtigerDatabase.js';

let db: SampleDatabase;
const suffix = randomBytes(4).toString('hex');
const user = `xt_ro_${suffix}`;
const password = `S3cret-${randomBytes(6).toString('hex')}`;
const emptyDb = `xt_test_${Math.floor(Date.now() / 1000)}_${suffix}e`;

beforeAll(async () => {
  db = await createSampleDatabase();
  await db.knex.raw(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
  await db.knex.raw(`GRANT SELECT ON \`${db.name}\`.* TO '${user}'@'%'`);
  await db.knex.raw(`CREATE DATABASE \`${emptyDb}\``);
});
afterAll(async () => {
  await db?.knex.raw(`DROP USER IF EXISTS '${user}'@'%'`);
  await db?.knex.raw(`DROP DATABASE IF EXISTS \`${emptyDb}\``);
  await db?.drop();
});

async function failure(settings: VtigerDbSettings): Promise<{ code: XTigerErrorCode; message: string }> {
  const err = await openVtigerDatabase(settings).then(
    async (opened) => {
      await opened.knex.destroy();
      throw new Error('expected openVtigerDatabase to fail');
    },
    (e: unknown) => e,
  );
  if (!isXTigerError(err)) throw err;
  expect(err.message).not.toContain(password);
  expect(JSON.stringify(err.toJSON())).not.toContain(password);
  return { code: err.code, message: err.message };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('openVtigerDatabase', () => {
  it('opens the sample database and reads its version', async () => {
    const opened = await openVtigerDatabase({ ...db.settings, user, password });
    try {
      expect(opened.version).toBe('8.2.0');
      const [rows] = (await opened.knex.raw('SELECT COUNT(*) AS n FROM vtiger_crmentity')) as [Array<{ n: number }>];
      expect(Number(rows[0]?.n)).toBe(16);
    } finally {
      await opened.knex.destroy();
    }
  });

  it('reports wrong credentials as VTIGER_DB_AUTH, naming the user but not the password', async () => {
    const wrong = `${password}-wrong`;
    const f = await failure({ ...db.settings, user, password: wrong });
    expect(f.code).toBe('VTIGER_DB_AUTH');
    expect(f.message).toContain(`user "${user}"`);
    expect(f.message).not.toContain(wrong);
  });

  it('reports a server that does not answer as VTIGER_DB_UNREACHABLE, naming host and port', async () => {
    const port = await closedPort();
    const f = await failure({ ...db.settings, port, password });
    expect(f.code).toBe('VTIGER_DB_UNREACHABLE');
    expect(f.message).toContain(`127.0.0.1:${port}`);
  });

  it('reports a database without Vtiger tables as VTIGER_NOT_A_VTIGER_DATABASE, naming what is missing', async () => {
    const f = await failure({ ...db.settings, database: emptyDb });
    expect(f.code).toBe('VTIGER_NOT_A_VTIGER_DATABASE');
    expect(f.message).toContain(`"${emptyDb}"`);
    expect(f.message).toContain('vtiger_crmentity');
    const missing = await failure({ ...db.settings, database: `${emptyDb}_nope` });
    expect(missing.code).toBe('VTIGER_NOT_A_VTIGER_DATABASE');
    expect(missing.message).toContain('There is no database');
  });

  it('reports Vtiger versions outside 7.x–8.x as VTIGER_UNSUPPORTED_VERSION', async () => {
    const [original] = (await db.knex('vtiger_version').select('id', 'current_version')) as Array<{ id: number; current_version: string }>;
    try {
      for (const version of ['6.5.0', '9.0.0']) {
        await db.knex('vtiger_version').update({ current_version: version });
        const f = await failure(db.settings);
        expect(f.code).toBe('VTIGER_UNSUPPORTED_VERSION');
        expect(f.message).toContain(`Vtiger ${version}`);
      }
      await db.knex('vtiger_version').update({ current_version: '7.5.0' });
      const opened = await openVtigerDatabase(db.settings);
      expect(opened.version).toBe('7.5.0');
      await opened.knex.destroy();
    } finally {
      await db.knex('vtiger_version').where('id', original?.id).update({ current_version: original?.current_version });
    }
  });
});
