import { describe, expect, it } from 'vitest';
import { loginTurn, OneAtATime, WebserviceSessionPool, type PooledSession } from './sessionPool.js';

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

/** A login that takes a little time and notes how many logins overlap. */
function loginCounter() {
  let made = 0;
  let running = 0;
  let maxRunning = 0;
  const login = async (): Promise<PooledSession> => {
    running++;
    maxRunning = Math.max(maxRunning, running);
    await tick();
    running--;
    made++;
    return { name: `s${made}`, userId: '19x1' };
  };
  return { login, stats: () => ({ made, maxRunning }) };
}

describe('WebserviceSessionPool', () => {
  it('opens sessions on demand up to its size, logs in one at a time, and reuses them', async () => {
    const { login, stats } = loginCounter();
    const pool = new WebserviceSessionPool(3, 'a|admin', login);
    let inFlight = 0;
    let maxInFlight = 0;
    const used = new Set<string>();
    await Promise.all(
      Array.from({ length: 12 }, () =>
        pool.withSession(async (lease) => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          used.add(lease.session.name);
          await tick();
          inFlight--;
        }),
      ),
    );
    expect(maxInFlight).toBe(3);
    expect(stats()).toEqual({ made: 3, maxRunning: 1 });
    expect([...used].sort()).toEqual(['s1', 's2', 's3']);
    expect(pool.loginCount).toBe(3);
  });

  it('never hands one session to two calls at the same time', async () => {
    const { login } = loginCounter();
    const pool = new WebserviceSessionPool(2, 'b|admin', login);
    const holding = new Set<string>();
    let clash = false;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        pool.withSession(async (lease) => {
          if (holding.has(lease.session.name)) clash = true;
          holding.add(lease.session.name);
          await tick(2);
          holding.delete(lease.session.name);
        }),
      ),
    );
    expect(clash).toBe(false);
  });

  it('makes no login when nothing is called', () => {
    const { login, stats } = loginCounter();
    const pool = new WebserviceSessionPool(4, 'c|admin', login);
    expect(pool.loginCount).toBe(0);
    expect(stats().made).toBe(0);
  });

  it('renews a refused session in place: the pool keeps its size', async () => {
    const { login, stats } = loginCounter();
    const pool = new WebserviceSessionPool(1, 'd|admin', login);
    const first = await pool.withSession(async (lease) => lease.session.name);
    const renewed = await pool.withSession(async (lease) => (await lease.renew()).name);
    const after = await pool.withSession(async (lease) => lease.session.name);
    expect([first, renewed, after]).toEqual(['s1', 's2', 's2']);
    expect(stats().made).toBe(2);
  });

  it('a failed login fails the calls waiting for it, and the next call tries again', async () => {
    let fail = true;
    const pool = new WebserviceSessionPool(1, 'e|admin', async () => {
      await tick();
      if (fail) throw new Error('wrong key');
      return { name: 'ok', userId: '19x1' };
    });
    const results = await Promise.allSettled([pool.withSession(async () => 1), pool.withSession(async () => 2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await pool.withSession(async (lease) => lease.session.name)).toBe('ok');
  });

  it('logins of the same Vtiger user take turns across pools (a new challenge replaces the previous token)', async () => {
    const order: string[] = [];
    const slowLogin = (name: string) => async () => {
      order.push(`${name} start`);
      await tick();
      order.push(`${name} end`);
      return name;
    };
    await Promise.all([loginTurn('x|admin', slowLogin('a')), loginTurn('x|admin', slowLogin('b')), loginTurn('y|admin', slowLogin('other'))]);
    expect(order.filter((o) => !o.startsWith('other'))).toEqual(['a start', 'a end', 'b start', 'b end']);
    expect(order.indexOf('other start')).toBeLessThan(order.indexOf('a end'));
  });

  it('refuses a pool without sessions', () => {
    expect(() => new WebserviceSessionPool(0, 'z', async () => ({ name: 'x', userId: '19x1' }))).toThrow(RangeError);
  });
});

describe('OneAtATime', () => {
  it('runs work of one key one after another and of different keys side by side, a failure not blocking the next', async () => {
    const lanes = new OneAtATime();
    const log: string[] = [];
    const step = (name: string, fail = false) => async () => {
      log.push(`${name} start`);
      await tick(5);
      log.push(`${name} end`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([lanes.run('Contacts', step('c1', true)), lanes.run('Contacts', step('c2')), lanes.run('Accounts', step('a1'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(log.indexOf('c2 start')).toBeGreaterThan(log.indexOf('c1 end'));
    expect(log.indexOf('a1 start')).toBeLessThan(log.indexOf('c1 end'));
  });
});
