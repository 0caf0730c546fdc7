import { XTigerError } from '../../errors/XTigerError.js';
import { redactText } from '../../logging/redact.js';
import type { Clock } from '../../time/clock.js';
import { normaliseXeroError } from '../api/xeroApiError.js';

/**
 * Xero's identity endpoints over plain `fetch`: the authorize URL, the token endpoint (authorization code and
 * refresh, client_secret_basic), revocation, and the API host's `/connections`.
 *
 * Why not openid-client / xero-node's OAuth helpers: `XeroClient.initialize()` always discovers
 * identity.xero.com, openid-client 5 keeps its HTTP timeout in process-wide defaults, and its errors carry
 * response bodies we would have to scrub again. The token endpoint is one form POST; doing it here gives one
 * timeout, one error vocabulary (invalid_client / invalid_grant → plain messages), and the same URLs for Xero and
 * the sandbox. The id_token is not used (the organisation comes from /connections with the access token, and
 * nothing is decided on the user's identity), so it is neither stored nor trusted.
 */
export interface XeroAppCredentials {
  clientId: string;
  clientSecret: string;
}

export interface XeroTokenSet {
  accessToken: string;
  refreshToken: string;
  /** ms since the epoch, on the injected clock. */
  expiresAt: number;
  scopes: string[];
}

export interface XeroTenantConnection {
  /** The connection id at Xero (for DELETE /connections/{id}). */
  id: string;
  tenantId: string;
  tenantName: string;
  tenantType: string;
  authEventId?: string;
}

/** An OAuth error answer of the token endpoint (`invalid_client`, `invalid_grant`, …). */
export class XeroOAuthError extends XTigerError {
  constructor(
    readonly oauthError: string,
    message: string,
    code: 'XERO_AUTH' | 'XERO_RECONNECT_NEEDED' = 'XERO_AUTH',
  ) {
    super(code, message, { details: { oauthError } });
    this.name = 'XeroOAuthError';
  }
}

export interface XeroIdentitySettings {
  XERO_LOGIN_URL: string;
  XERO_IDENTITY_URL: string;
  XERO_API_URL: string;
}

const trim = (u: string): string => u.replace(/\/+$/, '');

export class XeroIdentityClient {
  constructor(
    private readonly urls: XeroIdentitySettings,
    private readonly clock: Clock,
    private readonly timeoutMs = 20_000,
  ) {}

  /** With `codeChallenge`, the S256 PKCE challenge (RFC 7636) whose verifier `exchangeCode` must send. */
  authorizeUrl(input: { clientId: string; redirectUri: string; scopes: string[]; state: string; codeChallenge?: string | undefined }): string {
    const url = new URL(`${trim(this.urls.XERO_LOGIN_URL)}/identity/connect/authorize`);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', input.clientId);
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('scope', input.scopes.join(' '));
    url.searchParams.set('state', input.state);
    if (input.codeChallenge) {
      url.searchParams.set('code_challenge', input.codeChallenge);
      url.searchParams.set('code_challenge_method', 'S256');
    }
    return url.toString();
  }

  /** The code from the callback → a token set. */
  async exchangeCode(app: XeroAppCredentials, code: string, redirectUri: string, codeVerifier?: string | null): Promise<XeroTokenSet> {
    const form: Record<string, string> = { grant_type: 'authorization_code', code, redirect_uri: redirectUri };
    if (codeVerifier) form['code_verifier'] = codeVerifier;
    const answer = await this.tokenRequest(app, form, 'exchange the authorisation code');
    if (!answer.ok) {
      const { error, description } = answer;
      if (error === 'invalid_client') throw wrongClient();
      if (error === 'invalid_grant' && /redirect/i.test(description)) {
        throw new XeroOAuthError(error, `Xero refused the connection because the redirect URL differs (${redirectUri}). In Settings → XTiger → API details the redirect URL must be exactly the one registered for your app at developer.xero.com → My Apps → Configuration; fix either, then connect again.`);
      }
      if (error === 'invalid_grant') {
        throw new XeroOAuthError(error, 'Xero did not accept the authorisation code: it was already used or has expired (codes live 5 minutes). Click "Connect to Xero" again.');
      }
      throw new XeroOAuthError(error, `Xero refused the connection (${error}${description ? `: ${description}` : ''}). Check the API details and connect again.`);
    }
    return answer.tokens;
  }

  /** A refresh token → the next token set (Xero rotates the refresh token on every refresh). */
  async refresh(app: XeroAppCredentials, refreshToken: string): Promise<XeroTokenSet> {
    const answer = await this.tokenRequest(app, { grant_type: 'refresh_token', refresh_token: refreshToken }, 'refresh the Xero access token');
    if (!answer.ok) {
      if (answer.error === 'invalid_client') throw wrongClient();
      if (answer.error === 'invalid_grant') {
        throw new XeroOAuthError(
          'invalid_grant',
          'Xero no longer accepts XTiger\'s refresh token: it was revoked, expired (unused for 60 days), or the app was disconnected in Xero. Next step: reconnect Xero in Settings → XTiger → API details.',
          'XERO_RECONNECT_NEEDED',
        );
      }
      throw new XeroOAuthError(answer.error, `Xero refused to renew the access token (${answer.error}). XTiger tries again later; if it persists, reconnect Xero.`);
    }
    return answer.tokens;
  }

  /** RFC 7009: revokes the refresh token (and with it, at Xero, the whole grant and its connections). */
  async revoke(app: XeroAppCredentials, refreshToken: string): Promise<void> {
    const res = await this.send(`${trim(this.urls.XERO_IDENTITY_URL)}/connect/revocation`, 'revoke the Xero token', {
      method: 'POST',
      headers: { authorization: basic(app), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token' }).toString(),
    });
    if (!res.ok) throw await httpError(res, 'revoke the Xero token', this.clock.now());
  }

  /** The organisations this grant may use; `authEventId` narrows it to those chosen in one consent. */
  async listConnections(accessToken: string, authEventId?: string): Promise<XeroTenantConnection[]> {
    const url = new URL(`${trim(this.urls.XERO_API_URL)}/connections`);
    if (authEventId) url.searchParams.set('authEventId', authEventId);
    const res = await this.send(url.toString(), 'list the connected Xero organisations', { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
    if (!res.ok) throw await httpError(res, 'list the connected Xero organisations', this.clock.now());
    const body = (await res.json()) as unknown;
    if (!Array.isArray(body)) throw new XTigerError('XERO_HTTP', 'Xero answered the connections request with something other than a list.');
    return body.flatMap((c: Record<string, unknown>) =>
      typeof c['tenantId'] === 'string' && typeof c['id'] === 'string'
        ? [{
            id: c['id'],
            tenantId: c['tenantId'],
            tenantName: typeof c['tenantName'] === 'string' ? c['tenantName'] : c['tenantId'],
            tenantType: typeof c['tenantType'] === 'string' ? c['tenantType'] : 'ORGANISATION',
            ...(typeof c['authEventId'] === 'string' ? { authEventId: c['authEventId'] } : {}),
          }]
        : [],
    );
  }

  /** DELETE /connections/{id}: disconnects one organisation from the app at Xero. 404 = already gone. */
  async deleteConnection(accessToken: string, connectionId: string): Promise<'deleted' | 'already gone'> {
    const res = await this.send(`${trim(this.urls.XERO_API_URL)}/connections/${encodeURIComponent(connectionId)}`, 'disconnect the organisation at Xero', {
      method: 'DELETE',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    if (res.status === 404) return 'already gone';
    if (!res.ok) throw await httpError(res, 'disconnect the organisation at Xero', this.clock.now());
    return 'deleted';
  }

  private async tokenRequest(
    app: XeroAppCredentials,
    form: Record<string, string>,
    operation: string,
  ): Promise<{ ok: true; tokens: XeroTokenSet } | { ok: false; error: string; description: string }> {
    const res = await this.send(`${trim(this.urls.XERO_IDENTITY_URL)}/connect/token`, operation, {
      method: 'POST',
      headers: { authorization: basic(app), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
    });
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON (a proxy's error page): handled below by status
    }
    if (res.status === 400 || res.status === 401) {
      const error = typeof body['error'] === 'string' ? body['error'] : res.status === 401 ? 'invalid_client' : 'invalid_request';
      const description = typeof body['error_description'] === 'string' ? redactText(body['error_description']) : '';
      return { ok: false, error, description };
    }
    if (!res.ok) throw await httpError(res, operation, this.clock.now(), body);
    const accessToken = body['access_token'];
    const refreshToken = body['refresh_token'];
    const expiresIn = Number(body['expires_in'] ?? 1800);
    if (typeof accessToken !== 'string' || !accessToken) throw new XTigerError('XERO_HTTP', `Xero's token answer had no access token (${operation}).`);
    if (typeof refreshToken !== 'string' || !refreshToken) {
      throw new XeroOAuthError('no_refresh_token', 'Xero gave no refresh token: the app must request the offline_access scope. Check the scope setting in Settings → XTiger → API details and connect again.');
    }
    const scopes = typeof body['scope'] === 'string' ? body['scope'].split(/\s+/).filter(Boolean) : [];
    return { ok: true, tokens: { accessToken, refreshToken, expiresAt: this.clock.now() + expiresIn * 1000, scopes } };
  }

  private async send(url: string, operation: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw normaliseXeroError(err, { operation }, this.clock.now());
    }
  }
}

function basic(app: XeroAppCredentials): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(app.clientId)}:${encodeURIComponent(app.clientSecret)}`).toString('base64')}`;
}

function wrongClient(): XeroOAuthError {
  return new XeroOAuthError(
    'invalid_client',
    'Xero did not accept the client id and client secret. Copy both again from developer.xero.com → My Apps → your app → Configuration (generate a new secret if needed), save them in Settings → XTiger → API details, then connect again.',
  );
}

async function httpError(res: Response, operation: string, nowMs: number, parsed?: unknown): Promise<XTigerError> {
  let body = parsed;
  if (body === undefined) {
    try {
      body = (await res.json()) as unknown;
    } catch {
      body = undefined;
    }
  }
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k] = v));
  return normaliseXeroError(JSON.stringify({ response: { statusCode: res.status, body, headers } }), { operation }, nowMs);
}

/** The `authentication_event_id` claim of a Xero access token (our own token, straight from the token endpoint). */
export function authEventIdOf(accessToken: string): string | undefined {
  const payload = accessToken.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const id = claims['authentication_event_id'];
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
