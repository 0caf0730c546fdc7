import { createHash, randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import { WsFault } from './wsFault.js';

/**
 * Challenge tokens and sessions as Vtiger 8.2 handles them: one token per user (a new getchallenge replaces
 * the old one), valid 300 s and reusable until then; login with md5(token + access key); sessions never
 * expire by themselves (the recorded instance's limits are ineffective) — tests expire them explicitly.
 */
export interface SessionUser {
  id: number;
  userName: string;
  currencyId: number;
  loginResult: Record<string, string>;
}

const TOKEN_LIFETIME_S = 300;

let lastMicros = 0;

/** PHP `uniqid()`: seconds and microseconds in hex (13 characters), strictly increasing here. */
function uniqid(): string {
  lastMicros = Math.max(lastMicros + 1, Date.now() * 1000);
  return Math.floor(lastMicros / 1e6).toString(16).padStart(8, '0') + (lastMicros % 1e6).toString(16).padStart(5, '0');
}

export class SessionStore {
  private readonly tokens = new Map<number, { token: string; expireTime: number }>();
  private readonly sessions = new Map<string, number>();

  constructor(
    private readonly knex: Knex,
    private readonly nowSeconds: () => number,
  ) {}

  private async findUser(userName: string): Promise<(SessionUser & { accessKey: string }) | undefined> {
    const row = (await this.knex('vtiger_users').where({ user_name: userName, deleted: 0 }).first()) as Record<string, string | number | null> | undefined;
    if (!row) return undefined;
    const s = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));
    return {
      id: Number(row['id']),
      userName: s(row['user_name']),
      currencyId: Number(row['currency_id'] ?? 1) || 1,
      accessKey: s(row['accesskey']),
      loginResult: {
        username: s(row['user_name']),
        first_name: s(row['first_name']),
        last_name: s(row['last_name']),
        email: s(row['email1']),
        time_zone: s(row['time_zone']),
        hour_format: s(row['hour_format']),
        date_format: s(row['date_format']),
        is_admin: s(row['is_admin']),
        call_duration: s(row['callduration']),
        other_event_duration: s(row['othereventduration']),
      },
    };
  }

  async challenge(userName: string | undefined): Promise<{ token: string; serverTime: number; expireTime: number }> {
    if (!userName) throw new WsFault('ACCESS_DENIED', 'No username given');
    const user = await this.findUser(userName);
    if (!user) throw new WsFault('ACCESS_DENIED', 'username does not exists');
    const serverTime = this.nowSeconds();
    const token = uniqid();
    this.tokens.set(user.id, { token, expireTime: serverTime + TOKEN_LIFETIME_S });
    return { token, serverTime, expireTime: serverTime + TOKEN_LIFETIME_S };
  }

  async login(userName: string | undefined, accessKey: string | undefined): Promise<Record<string, string>> {
    const invalidToken = () => new WsFault('INVALID_AUTH_TOKEN', 'Specified token is invalid or expired');
    const user = userName ? await this.findUser(userName) : undefined;
    const token = user ? this.tokens.get(user.id) : undefined;
    if (!user || !token || token.expireTime < this.nowSeconds()) throw invalidToken();
    const expected = createHash('md5').update(token.token + user.accessKey).digest('hex');
    if (accessKey !== expected) throw new WsFault('INVALID_USER_CREDENTIALS', 'Invalid username or password');
    const sessionName = randomInt(1, 0x7fffffff).toString(16) + uniqid();
    this.sessions.set(sessionName, user.id);
    return { ...user.loginResult, sessionName, userId: `19x${user.id}`, version: '0.22', vtigerVersion: '8.2.0' };
  }

  /** The user of a session; Vtiger's two refusals when there is none. */
  async userOf(sessionName: string | undefined): Promise<SessionUser> {
    if (!sessionName || sessionName === 'null') throw new WsFault('AUTHENTICATION_REQUIRED', 'Authencation required');
    const userId = this.sessions.get(sessionName);
    if (userId === undefined) throw new WsFault('INVALID_SESSIONID', 'Session Identifier provided is Invalid');
    const row = (await this.knex('vtiger_users').where('id', userId).first('user_name')) as { user_name: string } | undefined;
    const user = row ? await this.findUser(row.user_name) : undefined;
    if (!user) throw new WsFault('INVALID_SESSIONID', 'Session Identifier provided is Invalid');
    return user;
  }

  /** Forgets every session, as if Vtiger had lost them: the next call gets INVALID_SESSIONID. */
  expireAll(): void {
    this.sessions.clear();
  }
}
