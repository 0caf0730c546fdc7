import type { Request } from 'express';
import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';
import { translate } from '../../i18n/translate.js';
import { findActiveVtigerUser } from '../../vtiger/permissions/userPrivileges.js';
import { readBridgeSecret, verifyBridgeToken, type VtigerUser } from './bridgeToken.js';

/**
 * Who is calling: the bridge token (signed by Vtiger's PHP side for its logged-in user) names the user; Vtiger's
 * database says, now, whether that user is Active and not deleted and whether they are an administrator. The
 * token's own admin flag is ignored, so a demoted admin loses admin rights on their next call, and a token of
 * a deleted, deactivated or made-up user id opens nothing.
 */
export async function authenticate(knex: Knex, req: Request, nowMs: number): Promise<VtigerUser> {
  const header = req.get('authorization') ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  if (!token) throw new XTigerError('UNAUTHORIZED', 'Sign in to Vtiger first: this request carries no Vtiger session token.');
  const claims = verifyBridgeToken(await readBridgeSecret(knex), token, nowMs);
  const user = await findActiveVtigerUser(knex, claims.userId);
  if (!user) throw new XTigerError('UNAUTHORIZED', translate(claims.language, 'authz.userNotActive'));
  return { userId: user.userId, isAdmin: user.isAdmin, language: user.language || claims.language };
}

export function requireAdmin(user: VtigerUser): void {
  if (!user.isAdmin) throw new XTigerError('FORBIDDEN', translate(user.language, 'error.adminOnly'));
}
