import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';
import { readBridgeSecret, verifyBridgeToken, type VtigerUser } from './bridgeToken.js';

/** The Vtiger user of a request, set by `requireVtigerUser`. */
export function vtigerUserOf(res: Response): VtigerUser {
  const user = res.locals['vtigerUser'] as VtigerUser | undefined;
  if (!user) throw new XTigerError('UNAUTHORIZED', 'Sign in to Vtiger first.');
  return user;
}

/**
 * Accepts requests that carry a bridge token (`Authorization: Bearer v1.…`); with `admin: true` only Vtiger
 * administrators pass (API details, mappings and settings are admin pages).
 */
export function requireVtigerUser(knex: Knex, options: { admin?: boolean } = {}): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token) {
      next(new XTigerError('UNAUTHORIZED', 'Sign in to Vtiger first: this request carries no Vtiger session token.'));
      return;
    }
    readBridgeSecret(knex)
      .then((secret) => {
        const user = verifyBridgeToken(secret, token);
        if (options.admin && !user.isAdmin) throw new XTigerError('FORBIDDEN', 'Only a Vtiger administrator can do this.');
        res.locals['vtigerUser'] = user;
        next();
      })
      .catch(next);
  };
}
