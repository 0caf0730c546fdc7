/** The sandbox identity server's RS256 key: signs id_tokens and access tokens; published as a JWKS. */
import { createHash, createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

export class SigningKey {
  readonly kid = randomBytes(8).toString('hex');
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor() {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  sign(claims: Record<string, unknown>): string {
    const header = b64url(JSON.stringify({ alg: 'RS256', kid: this.kid, typ: 'JWT' }));
    const payload = b64url(JSON.stringify(claims));
    const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(this.privateKey);
    return `${header}.${payload}.${b64url(signature)}`;
  }

  jwks(): { keys: Record<string, unknown>[] } {
    return { keys: [{ ...this.publicKey.export({ format: 'jwk' }), kid: this.kid, use: 'sig', alg: 'RS256' }] };
  }
}

/** OIDC `at_hash`: the left half of SHA-256 of the access token, base64url. */
export const accessTokenHash = (accessToken: string): string => b64url(createHash('sha256').update(accessToken).digest().subarray(0, 16));

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');
