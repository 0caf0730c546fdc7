import type { Request, Response, Router } from 'express';
import {
  VTIGER_API_DETAILS_PAGE,
  chooseXeroTenant,
  disconnectXero,
  getXeroConnection,
  launchXeroConnect,
  startXeroConnect,
  xeroCallback,
} from '../contracts/xeroConnection.js';
import { route } from '../route.js';
import type { AppDeps } from '../appDeps.js';
import { chooseTenant, completeConnect, connectionStatus, disconnect, launchConnect, startConnect } from '../../xero/connection/connectFlow.js';
import { STATE_LIFETIME_MS } from '../../xero/connection/oauthStates.js';
import { xeroServicesFor } from '../../xero/xeroServices.js';

/** The cookie that binds a connect to the browser that launched it (see server/xero/connection/oauthStates.ts). */
const BROWSER_COOKIE = 'xtiger_xero_connect';
const COOKIE_PATH = '/api/xero';

/** The cookie's value; a malformed one (bad %-escape, not our base64url nonce) counts as no cookie. */
export function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      const raw = part.slice(i + 1).trim();
      let value: string;
      try {
        value = decodeURIComponent(raw);
      } catch {
        return undefined;
      }
      return /^[A-Za-z0-9_-]{1,200}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/**
 * Secure when the browser reaches us over https: the request itself is (directly, or through a proxy trusted by
 * XTIGER_TRUST_PROXY), or the public URL browsers use is https.
 */
function cookieIsSecure(deps: AppDeps, req: Request): boolean {
  return req.secure || (deps.config.XTIGER_PUBLIC_URL ?? '').startsWith('https://');
}

function setBrowserCookie(deps: AppDeps, req: Request, res: Response, value: string, maxAgeMs: number): void {
  res.cookie(BROWSER_COOKIE, value, { httpOnly: true, sameSite: 'lax', secure: cookieIsSecure(deps, req), path: COOKIE_PATH, maxAge: maxAgeMs });
}

function backToVtiger(deps: AppDeps, res: Response, params: Record<string, string>): void {
  const url = new URL(`${deps.config.VTIGER_URL.replace(/\/+$/, '')}/${VTIGER_API_DETAILS_PAGE}`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  res.set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer').redirect(302, url.toString());
}

export function xeroConnectionRoutes(router: Router, deps: AppDeps): void {
  route(router, deps, startXeroConnect, async ({ user, req }) => {
    const s = await xeroServicesFor(deps);
    const started = await startConnect(s, user?.userId ?? 0);
    const base = (deps.config.XTIGER_PUBLIC_URL ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`).replace(/\/+$/, '');
    const launchUrl = new URL(`${base}${launchXeroConnect.path}`);
    launchUrl.searchParams.set('state', started.state);
    deps.logger.info({ userId: user?.userId }, 'Xero connect started');
    return { launchUrl: launchUrl.toString(), redirectUri: started.redirectUri, scopes: started.scopes, expiresAt: new Date(started.expiresAt).toISOString() };
  });

  route(router, deps, launchXeroConnect, async ({ query, req, res }) => {
    const s = await xeroServicesFor(deps);
    const launched = await launchConnect(s, query.state);
    if (!launched.ok) {
      backToVtiger(deps, res, { xero: 'failed', reason: launched.reason });
      return undefined;
    }
    setBrowserCookie(deps, req, res, launched.browserNonce, STATE_LIFETIME_MS);
    res.set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer').redirect(302, launched.authorizeUrl);
    return undefined;
  });

  route(router, deps, xeroCallback, async ({ query, req, res }) => {
    const s = await xeroServicesFor(deps);
    const outcome = await completeConnect(s, {
      code: query.code,
      state: query.state,
      error: query.error,
      errorDescription: query.error_description,
      browserNonce: cookieOf(req, BROWSER_COOKIE),
    });
    res.clearCookie(BROWSER_COOKIE, { path: COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: cookieIsSecure(deps, req) });
    backToVtiger(
      deps,
      res,
      outcome.result === 'failed' ? { xero: 'failed', reason: outcome.reason } : outcome.result === 'connected' ? { xero: 'connected', syncState: outcome.syncState } : { xero: outcome.result },
    );
    return undefined;
  });

  route(router, deps, getXeroConnection, async () => connectionStatus(await xeroServicesFor(deps)));

  route(router, deps, chooseXeroTenant, async ({ body }) => {
    const s = await xeroServicesFor(deps);
    await chooseTenant(s, body.tenantId);
    return connectionStatus(s);
  });

  route(router, deps, disconnectXero, async () => disconnect(await xeroServicesFor(deps)));
}
