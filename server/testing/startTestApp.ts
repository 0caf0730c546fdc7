import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { loadConfig, type XTigerConfig } from '../config/config.js';
import { createApp } from '../http/app.js';
import type { AppDeps } from '../http/appDeps.js';
import { readBridgeSecret, signBridgeToken } from '../http/auth/bridgeToken.js';
import { createLogger } from '../logging/logger.js';
import type { SampleDatabase } from './sampleDatabase.js';
import { createVtigerUser } from '../vtiger/permissions/testing/vtigerSecurity.js';

export interface TestApp {
  url: string;
  deps: AppDeps;
  /** Every log line the app wrote, as text (to prove no secret reaches a log). */
  logs: string[];
  /**
   * A bridge token as Vtiger's PHP side would hand it to user `userId`. The backend reads the user from Vtiger's
   * database on every call, so a missing user is created first (Active; an administrator when `isAdmin`, else a
   * Sales Person); an existing user keeps their Vtiger admin flag. `ensureUser: false` signs for any id as is.
   */
  tokenFor(user?: { userId?: number; isAdmin?: boolean; language?: string; ensureUser?: boolean; lifetimeSeconds?: number; issuedAt?: number }): Promise<string>;
  close(): Promise<void>;
}

/** Boots the real Express app on port 0 against a test database, capturing its logs. */
export async function startTestApp(
  db: SampleDatabase,
  overrides: { config?: Partial<XTigerConfig>; deps?: Partial<AppDeps> } = {},
): Promise<TestApp> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  const config = {
    ...loadConfig({ VTIGER_DB_NAME: db.name, VTIGER_URL: 'http://vtiger.test', XTIGER_LOG_LEVEL: 'debug' }),
    ...overrides.config,
  };
  const deps: AppDeps = {
    config,
    knex: db.knex,
    logger: createLogger({ level: 'debug', destination: sink }),
    now: () => Date.now(),
    ...overrides.deps,
  } as AppDeps;
  const app = createApp(deps);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    deps,
    logs,
    async tokenFor(user = {}) {
      const secret = await readBridgeSecret(db.knex);
      const uid = user.userId ?? 1;
      if (user.ensureUser !== false && uid > 0 && !(await db.knex('vtiger_users').where({ id: uid }).first('id'))) {
        await createVtigerUser(db.knex, { id: uid, userName: `user${uid}`, isAdmin: user.isAdmin ?? false, language: user.language ?? 'en_us' });
      }
      const iat = user.issuedAt ?? Math.floor(Date.now() / 1000);
      return signBridgeToken(secret, { uid, adm: user.isAdmin ?? true, lang: user.language ?? 'en_us', iat, exp: iat + (user.lifetimeSeconds ?? 300) });
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
