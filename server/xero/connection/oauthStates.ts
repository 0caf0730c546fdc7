import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * The OAuth `state` of a connect in progress: 32 random bytes, stored only as a SHA-256 hash, created for the admin
 * who clicked "Connect to Xero", valid for 10 minutes, launched once and used once.
 *
 * Binding to the admin's browser: Vtiger's callback.php forwards only `code`, `state` and `error`, so the callback
 * cannot see who is signed in. Instead the admin's browser is sent through our `launch` URL, which sets an
 * HttpOnly, SameSite=Lax cookie with a random nonce (its hash stored with the state) and redirects to Xero. The
 * callback is accepted only from the browser holding that cookie: a state copied into another browser, or
 * another admin's session, does not complete the connect.
 */
export const STATE_LIFETIME_MS = 10 * 60_000;
const TABLE = 'xtiger_xero_oauth_states';

export type StateProblem = 'state_missing' | 'state_unknown' | 'state_expired' | 'state_used' | 'state_other_admin';

export interface ConnectAttempt {
  userId: number;
  redirectUri: string;
  scopes: string[];
  /** PKCE (RFC 7636): sent with the code; its S256 hash went to Xero's authorize URL. Null for attempts from before PKCE. */
  codeVerifier: string | null;
}

/** The S256 code challenge of a PKCE code verifier. */
export function codeChallengeOf(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}

interface StateRow {
  user_id: number;
  redirect_uri: string;
  scopes: string;
  browser_hash: string | null;
  expires_at: number | string;
  used_at: number | string | null;
  code_verifier: string | null;
}

const hash = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

export async function createState(knex: Knex, attempt: Omit<ConnectAttempt, 'codeVerifier'>, now: number): Promise<{ state: string; expiresAt: number }> {
  const state = randomBytes(32).toString('base64url');
  const expiresAt = now + STATE_LIFETIME_MS;
  // Attempts older than a day are of no use to anyone.
  await knex(TABLE).where('expires_at', '<', now - 24 * 3_600_000).delete();
  await knex(TABLE).insert({
    state_hash: hash(state),
    user_id: attempt.userId,
    redirect_uri: attempt.redirectUri,
    scopes: attempt.scopes.join(' '),
    browser_hash: null,
    // 32 random bytes, base64url: 43 characters of the unreserved set RFC 7636 asks for.
    code_verifier: randomBytes(32).toString('base64url'),
    created_at: now,
    expires_at: expiresAt,
    used_at: null,
  });
  return { state, expiresAt };
}

async function find(knex: Knex, state: string): Promise<StateRow | undefined> {
  return (await knex(TABLE).where({ state_hash: hash(state) }).first()) as StateRow | undefined;
}

/** The browser opens the launch URL: bind the state to a new browser nonce (once) and go on to Xero. */
export async function launchState(
  knex: Knex,
  state: string | undefined,
  now: number,
): Promise<{ ok: true; browserNonce: string; attempt: ConnectAttempt } | { ok: false; problem: StateProblem }> {
  if (!state) return { ok: false, problem: 'state_missing' };
  const row = await find(knex, state);
  if (!row) return { ok: false, problem: 'state_unknown' };
  if (row.used_at !== null || row.browser_hash !== null) return { ok: false, problem: 'state_used' };
  if (Number(row.expires_at) < now) return { ok: false, problem: 'state_expired' };
  const browserNonce = randomBytes(24).toString('base64url');
  const bound = await knex(TABLE).where({ state_hash: hash(state) }).whereNull('browser_hash').update({ browser_hash: hash(browserNonce) });
  if (bound !== 1) return { ok: false, problem: 'state_used' };
  return { ok: true, browserNonce, attempt: toAttempt(row) };
}

/**
 * Checks the state of a callback against the browser's nonce and marks it used (atomically: of two callbacks
 * with the same state, one wins).
 */
export async function consumeState(
  knex: Knex,
  state: string | undefined,
  browserNonce: string | undefined,
  now: number,
): Promise<{ ok: true; attempt: ConnectAttempt } | { ok: false; problem: StateProblem }> {
  if (!state) return { ok: false, problem: 'state_missing' };
  const row = await find(knex, state);
  if (!row) return { ok: false, problem: 'state_unknown' };
  if (row.used_at !== null) return { ok: false, problem: 'state_used' };
  if (Number(row.expires_at) < now) return { ok: false, problem: 'state_expired' };
  if (row.browser_hash === null || browserNonce === undefined || hash(browserNonce) !== row.browser_hash) return { ok: false, problem: 'state_other_admin' };
  const marked = await knex(TABLE).where({ state_hash: hash(state) }).whereNull('used_at').update({ used_at: now });
  if (marked !== 1) return { ok: false, problem: 'state_used' };
  return { ok: true, attempt: toAttempt(row) };
}

function toAttempt(row: StateRow): ConnectAttempt {
  return { userId: row.user_id, redirectUri: row.redirect_uri, scopes: row.scopes.split(' ').filter(Boolean), codeVerifier: row.code_verifier ?? null };
}
