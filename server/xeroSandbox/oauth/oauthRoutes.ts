/**
 * HTTP endpoints of the identity hosts, all on the sandbox origin: the login host's authorize page
 * (`/identity/connect/authorize`), the token and revocation endpoints (`/connect/token`, `/connect/revocation`),
 * OIDC discovery and JWKS, and the API host's `/connections`.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { OrgStore } from '../orgStore.js';
import { consentPage, errorPage } from './authorizePage.js';
import { DEMO_USER, publicConnection, type IdentityServer, redirectUriAllowed, type RegisteredApp } from './identityServer.js';

const single = (v: unknown): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);
const list = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function redirectWith(res: Response, redirectUri: string, params: Record<string, string | undefined>): void {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  res.redirect(302, url.toString());
}

/** Client credentials from HTTP Basic (client_secret_basic) or the form (client_secret_post). */
function clientCredentials(req: Request): { clientId?: string; clientSecret?: string } {
  const header = req.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0) return { clientId: decodeURIComponent(decoded.slice(0, i)), clientSecret: decodeURIComponent(decoded.slice(i + 1)) };
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  return { clientId: single(body['client_id']), clientSecret: single(body['client_secret']) };
}

export function oauthRoutes(identity: IdentityServer, orgs: () => OrgStore[], baseUrl: () => string): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false });
  const noStore = (res: Response): void => {
    res.set('Cache-Control', 'no-store').set('Pragma', 'no-cache');
  };

  router.get('/.well-known/openid-configuration', (_req, res) => {
    const base = baseUrl();
    res.json({
      issuer: base,
      authorization_endpoint: `${base}/identity/connect/authorize`,
      token_endpoint: `${base}/connect/token`,
      revocation_endpoint: `${base}/connect/revocation`,
      userinfo_endpoint: `${base}/connect/userinfo`,
      jwks_uri: `${base}/.well-known/openid-configuration/jwks`,
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['plain', 'S256'],
      claims_supported: ['sub', 'email', 'given_name', 'family_name', 'name', 'xero_userid', 'global_session_id'],
    });
  });
  router.get('/.well-known/openid-configuration/jwks', (_req, res) => {
    res.json(identity.key.jwks());
  });

  router.get('/identity/connect/authorize', (req, res) => {
    const q = req.query as Record<string, unknown>;
    const app = identity.app(single(q['client_id']) ?? '');
    if (app === undefined) {
      res.status(400).type('html').send(errorPage('Invalid client_id: this app is not registered with Xero.'));
      return;
    }
    const redirectUri = single(q['redirect_uri']);
    if (redirectUri === undefined || !redirectUriAllowed(app.redirectUris, redirectUri)) {
      res.status(400).type('html').send(errorPage('Invalid redirect_uri: it does not match a redirect URI registered for this app.'));
      return;
    }
    const state = single(q['state']);
    if (single(q['response_type']) !== 'code') {
      redirectWith(res, redirectUri, { error: 'unsupported_response_type', state });
      return;
    }
    const scopes = identity.validScopes(single(q['scope']) ?? '');
    if (scopes === undefined) {
      redirectWith(res, redirectUri, { error: 'invalid_scope', state });
      return;
    }
    const nonce = single(q['nonce']);
    const codeChallenge = single(q['code_challenge']);
    const codeChallengeMethod = single(q['code_challenge_method']);
    const request = identity.startConsent({
      app, redirectUri, scopes,
      ...(state !== undefined ? { state } : {}),
      ...(nonce !== undefined ? { nonce } : {}),
      ...(codeChallenge !== undefined ? { codeChallenge } : {}),
      ...(codeChallengeMethod !== undefined ? { codeChallengeMethod } : {}),
    });
    noStore(res);
    res.type('html').send(consentPage({
      requestId: request.id,
      appName: app.name ?? app.clientId,
      scopes,
      organisations: orgs().map((o) => ({ tenantId: o.tenantId, name: o.organisation.Name })),
    }));
  });

  router.post('/identity/connect/authorize', form, (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const request = identity.takeConsent(single(body['request']) ?? '');
    if (request === undefined) {
      res.status(400).type('html').send(errorPage('This authorisation request has expired or was already answered. Start again from the app.'));
      return;
    }
    if (single(body['decision']) !== 'allow') {
      redirectWith(res, request.redirectUri, { error: 'access_denied', state: request.state });
      return;
    }
    const known = new Set(orgs().map((o) => o.tenantId));
    const chosen = list(body['tenant']).filter((t) => known.has(t));
    const first = orgs()[0];
    const tenantIds = chosen.length > 0 ? chosen : first !== undefined ? [first.tenantId] : [];
    const code = identity.grantConsent(request, tenantIds);
    redirectWith(res, request.redirectUri, { code, scope: request.scopes.join(' '), state: request.state, session_state: code.slice(0, 16) });
  });

  router.post('/connect/token', form, (req, res) => {
    noStore(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const { clientId, clientSecret } = clientCredentials(req);
    const app: RegisteredApp | undefined = identity.authenticateClient(clientId, clientSecret);
    if (app === undefined) {
      res.status(400).json({ error: 'invalid_client' });
      return;
    }
    const grantType = single(body['grant_type']);
    const result =
      grantType === 'authorization_code'
        ? identity.exchangeCode(app, single(body['code']), single(body['redirect_uri']), single(body['code_verifier']))
        : grantType === 'refresh_token'
          ? identity.refresh(app, single(body['refresh_token']))
          : { error: 'unsupported_grant_type' as const };
    res.status('error' in result ? 400 : 200).json(result);
  });

  router.post('/connect/revocation', form, (req, res) => {
    const { clientId, clientSecret } = clientCredentials(req);
    const app = identity.authenticateClient(clientId, clientSecret);
    if (app === undefined) {
      res.status(400).json({ error: 'invalid_client' });
      return;
    }
    identity.revoke(app, single(((req.body ?? {}) as Record<string, unknown>)['token']));
    res.status(200).end();
  });

  const bearer = (req: Request, res: Response) => {
    const header = req.headers.authorization;
    const check = identity.checkAccessToken(header?.startsWith('Bearer ') ? header.slice(7) : undefined);
    if (!check.ok) {
      res.status(401).set('WWW-Authenticate', 'Bearer error="invalid_token"').json({ Type: null, Title: 'Unauthorized', Status: 401, Detail: check.detail, Instance: crypto.randomUUID(), Extensions: {} });
      return undefined;
    }
    return check.grant;
  };

  router.get('/connect/userinfo', (req, res) => {
    const grant = bearer(req, res);
    if (grant === undefined) return;
    res.json({ sub: grant.userId, xero_userid: grant.userId, email: DEMO_USER.email, given_name: DEMO_USER.givenName, family_name: DEMO_USER.familyName });
  });

  router.get(['/connections', '/Connections'], (req, res) => {
    const grant = bearer(req, res);
    if (grant === undefined) return;
    res.json(identity.connectionsOf(grant.clientId, grant.userId, single((req.query as Record<string, unknown>)['authEventId'])).map(publicConnection));
  });
  router.delete(['/connections/:id', '/Connections/:id'], (req, res) => {
    const grant = bearer(req, res);
    if (grant === undefined) return;
    if (identity.deleteConnection(grant.clientId, grant.userId, String(req.params['id']))) res.status(204).end();
    else res.status(404).json({ Type: null, Title: 'Not Found', Status: 404, Detail: 'Connection not found', Instance: crypto.randomUUID(), Extensions: {} });
  });
  return router;
}
