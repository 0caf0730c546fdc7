import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';

/**
 * Tokens of the PHP↔backend bridge. Vtiger's PHP action `XTiger_BridgeToken_Action` hands a logged-in user
 *   v1.<base64url(JSON payload)>.<base64url(HMAC-SHA256(secret, "v1." + payload))>
 * with payload {uid, adm, lang, iat, exp} (seconds). The secret is `xtiger_bridge.secret`, read by both sides.
 * Tokens live minutes, so a stolen one is short-lived; the PHP side caps `exp - iat` at 600 s and so do we.
 */
export interface VtigerUser {
  userId: number;
  isAdmin: boolean;
  /** Vtiger language of the user: en_us, ja_jp, … (messages are answered in it). */
  language: string;
}

export interface BridgePayload {
  uid: number;
  adm: boolean;
  lang: string;
  iat: number;
  exp: number;
}

const MAX_LIFETIME_S = 600;

export async function readBridgeSecret(knex: Knex): Promise<string> {
  const row = (await knex('xtiger_bridge').where({ id: 1 }).first('secret')) as { secret: string } | undefined;
  if (!row) throw new XTigerError('INTERNAL', 'The XTiger bridge secret is missing: run the backend migrations or reinstall the XTiger module.');
  return row.secret;
}

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

/** Used by tests and by the demo; in production the PHP side signs. */
export function signBridgeToken(secret: string, payload: BridgePayload): string {
  const body = `v1.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${body}.${sign(secret, body)}`;
}

export function verifyBridgeToken(secret: string, token: string, nowMs: number = Date.now()): VtigerUser {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1') throw new XTigerError('UNAUTHORIZED', 'The Vtiger session token is malformed: reload the Vtiger page.');
  const body = `${parts[0]}.${parts[1]}`;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(parts[2] ?? '');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new XTigerError('UNAUTHORIZED', 'The Vtiger session token is not valid: reload the Vtiger page.');
  }
  let payload: BridgePayload;
  try {
    payload = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as BridgePayload;
  } catch (cause) {
    throw new XTigerError('UNAUTHORIZED', 'The Vtiger session token is malformed: reload the Vtiger page.', { cause });
  }
  const now = Math.floor(nowMs / 1000);
  // User ids are positive: 0 and negative ids are nobody in Vtiger.
  if (!Number.isSafeInteger(payload.uid) || payload.uid <= 0 || typeof payload.exp !== 'number' || typeof payload.iat !== 'number') {
    throw new XTigerError('UNAUTHORIZED', 'The Vtiger session token is malformed: reload the Vtiger page.');
  }
  if (payload.exp < now || payload.exp - payload.iat > MAX_LIFETIME_S || payload.iat > now + 60) {
    throw new XTigerError('UNAUTHORIZED', 'The Vtiger session token has expired: reload the Vtiger page.');
  }
  return { userId: payload.uid, isAdmin: payload.adm === true, language: typeof payload.lang === 'string' ? payload.lang : 'en_us' };
}

/**
 * The token's claims are only who asked: whether that user is still active and an administrator is read from
 * Vtiger's database on every call (server/http/auth/authenticate.ts), so `adm` is never trusted.
 */
export type BridgeClaims = VtigerUser;
