/**
 * The sandbox's Xero identity service: registered apps, consent, authorization codes, access tokens (30 minutes),
 * rotating refresh tokens (60 days unused; the previous one answers again with the same new pair for a 30-minute
 * grace, an older one is invalid_grant), connections per app, user and organisation, and revocation.
 * Time comes from the sandbox clock, except id_token iat/exp, which openid-client checks against the wall clock.
 */
import { createHash } from 'node:crypto';
import type { SandboxClock } from '../clock.js';
import { newGuid } from '../xeroFormats.js';
import { KNOWN_SCOPES } from './scopes.js';
import { SigningKey, accessTokenHash, randomToken } from './signingKey.js';

export interface RegisteredApp {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  name?: string;
}

export interface Connection {
  id: string;
  authEventId: string;
  tenantId: string;
  tenantType: 'ORGANISATION';
  tenantName: string;
  createdDateUtc: string;
  updatedDateUtc: string;
  clientId: string;
  userId: string;
}

export interface TokenResponse {
  id_token?: string;
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
  refresh_token?: string;
  scope: string;
}

export type TokenError = { error: 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_request'; error_description?: string };

interface AccessGrant {
  clientId: string;
  userId: string;
  authEventId: string;
  scopes: string[];
  expiresAt: number;
  revoked: boolean;
}

interface RefreshGrant {
  clientId: string;
  userId: string;
  authEventId: string;
  scopes: string[];
  expiresAt: number;
  revoked: boolean;
  rotated?: { at: number; response: TokenResponse };
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  userId: string;
  authEventId: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  expiresAt: number;
}

export interface ConsentRequest {
  id: string;
  app: RegisteredApp;
  redirectUri: string;
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  expiresAt: number;
}

export type AccessCheck = { ok: true; grant: AccessGrant } | { ok: false; detail: string };

export const ACCESS_TOKEN_SECONDS = 30 * 60;
const REFRESH_GRACE_MS = 30 * 60_000;
const REFRESH_LIFETIME_MS = 60 * 86_400_000;
const CODE_LIFETIME_MS = 5 * 60_000;
const CONSENT_LIFETIME_MS = 15 * 60_000;

export const DEMO_USER = { userId: newGuid(), email: 'demo.user@xtiger.test', givenName: 'Demo', familyName: 'User' };

/** Registered redirect URIs match exactly; one containing `*` is a pattern (`*` = any run of characters but `?#@`). */
export function redirectUriAllowed(registered: readonly string[], uri: string): boolean {
  return registered.some((r) =>
    r.includes('*') ? new RegExp(`^${r.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^?#@\\s]*')}$`).test(uri) : r === uri,
  );
}

function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '');
}

export class IdentityServer {
  readonly key = new SigningKey();
  private readonly apps = new Map<string, RegisteredApp>();
  private readonly consents = new Map<string, ConsentRequest>();
  private readonly codes = new Map<string, PendingCode>();
  private readonly accessTokens = new Map<string, AccessGrant>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  private readonly connections = new Map<string, Connection>();

  constructor(
    private readonly clock: SandboxClock,
    private readonly issuer: () => string,
    private readonly tenantName: (tenantId: string) => string | undefined,
  ) {}

  registerApp(app: RegisteredApp): void {
    this.apps.set(app.clientId, { ...app, redirectUris: [...app.redirectUris] });
  }

  app(clientId: string): RegisteredApp | undefined {
    return this.apps.get(clientId);
  }

  startConsent(input: Omit<ConsentRequest, 'id' | 'expiresAt'>): ConsentRequest {
    const request: ConsentRequest = { ...input, id: randomToken(16), expiresAt: this.clock.now() + CONSENT_LIFETIME_MS };
    this.consents.set(request.id, request);
    return request;
  }

  /** Takes (and forgets) a pending consent request. */
  takeConsent(id: string): ConsentRequest | undefined {
    const request = this.consents.get(id);
    this.consents.delete(id);
    return request !== undefined && request.expiresAt >= this.clock.now() ? request : undefined;
  }

  /** The user allowed access: connect the chosen organisations and issue a one-time code. */
  grantConsent(request: ConsentRequest, tenantIds: readonly string[]): string {
    const authEventId = newGuid();
    this.connect(request.app.clientId, DEMO_USER.userId, authEventId, tenantIds);
    const code = randomToken(24);
    this.codes.set(code, {
      clientId: request.app.clientId, redirectUri: request.redirectUri, scopes: request.scopes, userId: DEMO_USER.userId, authEventId,
      ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
      ...(request.codeChallenge !== undefined ? { codeChallenge: request.codeChallenge, codeChallengeMethod: request.codeChallengeMethod ?? 'plain' } : {}),
      expiresAt: this.clock.now() + CODE_LIFETIME_MS,
    });
    return code;
  }

  private connect(clientId: string, userId: string, authEventId: string, tenantIds: readonly string[]): void {
    const now = isoUtc(this.clock.now());
    for (const tenantId of tenantIds) {
      const tenantName = this.tenantName(tenantId);
      if (tenantName === undefined) continue;
      const existing = [...this.connections.values()].find((c) => c.clientId === clientId && c.userId === userId && c.tenantId === tenantId);
      if (existing !== undefined) {
        Object.assign(existing, { authEventId, updatedDateUtc: now, tenantName });
      } else {
        const id = newGuid();
        this.connections.set(id, { id, authEventId, tenantId, tenantType: 'ORGANISATION', tenantName, createdDateUtc: now, updatedDateUtc: now, clientId, userId });
      }
    }
  }

  authenticateClient(clientId: string | undefined, clientSecret: string | undefined): RegisteredApp | undefined {
    const app = clientId === undefined ? undefined : this.apps.get(clientId);
    return app !== undefined && clientSecret !== undefined && app.clientSecret === clientSecret ? app : undefined;
  }

  exchangeCode(app: RegisteredApp, code: string | undefined, redirectUri: string | undefined, codeVerifier: string | undefined): TokenResponse | TokenError {
    const pending = code === undefined ? undefined : this.codes.get(code);
    if (code !== undefined) this.codes.delete(code);
    if (pending === undefined || pending.expiresAt < this.clock.now() || pending.clientId !== app.clientId) return { error: 'invalid_grant' };
    if (redirectUri !== pending.redirectUri) return { error: 'invalid_grant', error_description: 'redirect_uri does not match the authorization request' };
    if (pending.codeChallenge !== undefined) {
      const expected = pending.codeChallengeMethod === 'S256' && codeVerifier !== undefined ? createHash('sha256').update(codeVerifier).digest('base64url') : codeVerifier;
      if (expected !== pending.codeChallenge) return { error: 'invalid_grant', error_description: 'code_verifier is not valid' };
    }
    return this.issue(app.clientId, pending.userId, pending.authEventId, pending.scopes, pending.nonce);
  }

  refresh(app: RegisteredApp, refreshToken: string | undefined): TokenResponse | TokenError {
    const grant = refreshToken === undefined ? undefined : this.refreshTokens.get(refreshToken);
    const now = this.clock.now();
    if (grant === undefined || grant.revoked || grant.clientId !== app.clientId || grant.expiresAt < now) return { error: 'invalid_grant' };
    if (grant.rotated !== undefined) {
      const successor = grant.rotated.response.refresh_token === undefined ? undefined : this.refreshTokens.get(grant.rotated.response.refresh_token);
      const inGrace = now - grant.rotated.at <= REFRESH_GRACE_MS && successor !== undefined && successor.rotated === undefined && !successor.revoked;
      return inGrace ? grant.rotated.response : { error: 'invalid_grant' };
    }
    const response = this.issue(grant.clientId, grant.userId, grant.authEventId, grant.scopes, undefined);
    grant.rotated = { at: now, response };
    return response;
  }

  /** Issues tokens directly, as if the demo user had consented: for tests that need a connection without the dance. */
  issueForTest(clientId: string, tenantIds: readonly string[], scopes: readonly string[]): TokenResponse {
    const authEventId = newGuid();
    this.connect(clientId, DEMO_USER.userId, authEventId, tenantIds);
    return this.issue(clientId, DEMO_USER.userId, authEventId, [...scopes], undefined);
  }

  private issue(clientId: string, userId: string, authEventId: string, scopes: string[], nonce: string | undefined): TokenResponse {
    const now = this.clock.now();
    const wallSeconds = Math.floor(Date.now() / 1000);
    const accessToken = this.key.sign({
      nbf: Math.floor(now / 1000), exp: Math.floor(now / 1000) + ACCESS_TOKEN_SECONDS, iss: this.issuer(), aud: `${this.issuer()}/resources`,
      client_id: clientId, sub: userId, auth_time: Math.floor(now / 1000), xero_userid: userId, global_session_id: authEventId,
      jti: randomToken(12), authentication_event_id: authEventId, scope: scopes,
    });
    this.accessTokens.set(accessToken, { clientId, userId, authEventId, scopes, expiresAt: now + ACCESS_TOKEN_SECONDS * 1000, revoked: false });
    const response: TokenResponse = { access_token: accessToken, expires_in: ACCESS_TOKEN_SECONDS, token_type: 'Bearer', scope: scopes.join(' ') };
    if (scopes.includes('offline_access')) {
      const refreshToken = randomToken(32);
      this.refreshTokens.set(refreshToken, { clientId, userId, authEventId, scopes, expiresAt: now + REFRESH_LIFETIME_MS, revoked: false });
      response.refresh_token = refreshToken;
    }
    if (scopes.includes('openid')) {
      response.id_token = this.key.sign({
        iss: this.issuer(), aud: clientId, sub: userId, iat: wallSeconds, nbf: wallSeconds, exp: wallSeconds + 300, auth_time: wallSeconds,
        xero_userid: userId, global_session_id: authEventId, sid: authEventId, at_hash: accessTokenHash(accessToken),
        ...(scopes.includes('email') ? { email: DEMO_USER.email, preferred_username: DEMO_USER.email } : {}),
        ...(scopes.includes('profile') ? { given_name: DEMO_USER.givenName, family_name: DEMO_USER.familyName, name: `${DEMO_USER.givenName} ${DEMO_USER.familyName}` } : {}),
        ...(nonce !== undefined ? { nonce } : {}),
      });
    }
    return response;
  }

  checkAccessToken(token: string | undefined): AccessCheck {
    const grant = token === undefined ? undefined : this.accessTokens.get(token);
    if (grant === undefined) return { ok: false, detail: 'TokenInvalidSignature' };
    if (grant.revoked) return { ok: false, detail: 'AuthenticationUnsuccessful' };
    if (grant.expiresAt < this.clock.now()) {
      const d = new Date(grant.expiresAt);
      const p = (n: number): string => String(n).padStart(2, '0');
      return { ok: false, detail: `TokenExpired: token expired at ${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}` };
    }
    return { ok: true, grant };
  }

  connectionsOf(clientId: string, userId: string, authEventId?: string): Connection[] {
    return [...this.connections.values()].filter((c) => c.clientId === clientId && c.userId === userId && (authEventId === undefined || c.authEventId === authEventId));
  }

  isConnected(clientId: string, userId: string, tenantId: string): boolean {
    return this.connectionsOf(clientId, userId).some((c) => c.tenantId.toLowerCase() === tenantId.toLowerCase());
  }

  deleteConnection(clientId: string, userId: string, id: string): boolean {
    const c = this.connections.get(id);
    if (c === undefined || c.clientId !== clientId || c.userId !== userId) return false;
    return this.connections.delete(id);
  }

  /** RFC 7009 revocation of a refresh token: the whole grant goes, with its connections, as in Xero. */
  revoke(app: RegisteredApp, token: string | undefined): void {
    const grant = token === undefined ? undefined : (this.refreshTokens.get(token) ?? this.accessTokens.get(token));
    if (grant === undefined || grant.clientId !== app.clientId) return;
    for (const g of [...this.refreshTokens.values(), ...this.accessTokens.values()]) if (g.authEventId === grant.authEventId) g.revoked = true;
    for (const c of this.connectionsOf(app.clientId, grant.userId)) this.connections.delete(c.id);
  }

  revokeAll(): void {
    for (const g of [...this.refreshTokens.values(), ...this.accessTokens.values()]) g.revoked = true;
  }

  disconnectTenant(tenantId: string): void {
    for (const c of [...this.connections.values()]) if (c.tenantId === tenantId) this.connections.delete(c.id);
  }

  validScopes(requested: string): string[] | undefined {
    const scopes = requested.split(/\s+/).filter(Boolean);
    return scopes.length > 0 && scopes.every((s) => KNOWN_SCOPES.has(s)) ? scopes : undefined;
  }
}

/** The public form of a connection, as GET /connections answers it. */
export const publicConnection = (c: Connection): Omit<Connection, 'clientId' | 'userId'> => ({
  id: c.id, authEventId: c.authEventId, tenantId: c.tenantId, tenantType: c.tenantType, tenantName: c.tenantName, createdDateUtc: c.createdDateUtc, updatedDateUtc: c.updatedDateUtc,
});
