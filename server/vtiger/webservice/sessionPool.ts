/**
 * A bounded pool of webservice sessions of one Vtiger user.
 *
 * Why a pool: Vtiger keeps a webservice session in a PHP session, and PHP locks a session for the whole request,
 * so calls sharing one session run one after another however many are sent at once. Each session of the pool
 * carries one call at a time; with N sessions N calls run in parallel (PHP is CPU-bound: on 2 cores ~4 is the
 * useful most). Sessions are opened on demand (a run that writes nothing logs in nowhere) and kept for reuse.
 *
 * Why logins are serialized: Vtiger holds one challenge token per user, and a second `getchallenge` replaces the
 * first's token, so two interleaved logins of one user make one of them fail. Logins of the same user on the
 * same Vtiger take turns across every pool of this process (`loginTurn`).
 */
export interface PooledSession {
  name: string;
  userId: string;
}

type Waiter = { resolve: (session: PooledSession) => void; reject: (error: unknown) => void };

/** Runs the work given under one key one after another (different keys run side by side). */
export class OneAtATime {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const mine = before.then(work, work);
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, settled);
    void settled.then(() => {
      if (this.tails.get(key) === settled) this.tails.delete(key);
    });
    return mine;
  }
}

const loginQueue = new OneAtATime();

/** Runs `login` after every earlier login with the same key (Vtiger URL + user) has finished. */
export function loginTurn<T>(key: string, login: () => Promise<T>): Promise<T> {
  return loginQueue.run(key, login);
}

export class WebserviceSessionPool {
  private readonly idle: PooledSession[] = [];
  private readonly waiters: Waiter[] = [];
  /** Sessions logged in and not given up. */
  private live = 0;
  /** Logins asked for and not finished. */
  private pending = 0;
  private logins = 0;

  constructor(
    readonly size: number,
    /** Key of the login turn: one per Vtiger URL and user. */
    private readonly loginKey: string,
    private readonly login: () => Promise<PooledSession>,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`a webservice session pool needs at least one session (got ${size})`);
  }

  /** Logins made so far (a new login for a refused session counts). */
  get loginCount(): number {
    return this.logins;
  }

  /**
   * Runs `work` with a session of its own: no other call uses that session until `work` settles. `lease.renew()`
   * logs in again for a session Vtiger refused (expired, forgotten after a restart); the new session takes the old
   * one's place in the pool.
   */
  async withSession<T>(work: (lease: SessionLease) => Promise<T>): Promise<T> {
    const lease = new SessionLease(await this.acquire(), () => this.renewSession());
    try {
      return await work(lease);
    } finally {
      if (!lease.lost) this.release(lease.session);
    }
  }

  /**
   * An idle session, else the first session to become free: one handed back by another call or a new one, logged
   * in when the pool is not full yet (whichever comes first; a login takes two round trips and waits its turn).
   */
  private acquire(): Promise<PooledSession> {
    const idle = this.idle.pop();
    if (idle) return Promise.resolve(idle);
    const waiting = new Promise<PooledSession>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this.live + this.pending < this.size) this.addSession();
    return waiting;
  }

  private release(session: PooledSession): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(session);
    else this.idle.push(session);
  }

  private addSession(): void {
    this.pending++;
    loginTurn(this.loginKey, async () => (this.waiters.length > 0 ? this.loginCounted() : undefined)).then(
      (session) => {
        this.pending--;
        if (!session) return; // nobody was waiting any more when its turn came
        this.live++;
        this.release(session);
      },
      (error: unknown) => {
        this.pending--;
        this.failWaitersIfNoSessionLeft(error);
      },
    );
  }

  private async renewSession(): Promise<PooledSession> {
    try {
      return await loginTurn(this.loginKey, () => this.loginCounted());
    } catch (error) {
      this.live--;
      this.failWaitersIfNoSessionLeft(error);
      throw error;
    }
  }

  private async loginCounted(): Promise<PooledSession> {
    const session = await this.login();
    this.logins++;
    return session;
  }

  /** When a login failed and no session is left to be handed back, nobody waiting would ever get one. */
  private failWaitersIfNoSessionLeft(error: unknown): void {
    if (this.live > 0) return;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }
}

/** One call's hold on a pooled session. */
export class SessionLease {
  /** The session's place was given up (a new login for it failed). */
  lost = false;

  constructor(
    public session: PooledSession,
    private readonly relogin: () => Promise<PooledSession>,
  ) {}

  async renew(): Promise<PooledSession> {
    try {
      this.session = await this.relogin();
      return this.session;
    } catch (error) {
      this.lost = true;
      throw error;
    }
  }
}
