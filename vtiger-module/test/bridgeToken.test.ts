import { describe, expect, it } from 'vitest';
import { signBridgeToken, verifyBridgeToken } from '../../server/http/auth/bridgeToken.js';
import { phpJson } from './php.js';

/**
 * The PHP side (XTiger_BridgeToken_Action + XTiger_BridgeTokenSigner) and the backend's verifier
 * (server/http/auth/bridgeToken.ts) agree on the token format: PHP signs, TypeScript verifies.
 */
interface ActionOutput {
  success: boolean;
  result?: { token: string; expiresAt: number; backendUrl: string };
  error?: { code: string; message: string };
}

const SECRET = 'a3f1c0de'.repeat(8);

function action(secret: string, userId: number, isAdmin: boolean, language: string, backendUrl: string): Promise<ActionOutput> {
  return phpJson<ActionOutput>('bridgeTokenAction.php', [secret, String(userId), isAdmin ? '1' : '0', language, backendUrl]);
}

function payloadOf(token: string): { uid: number; adm: boolean; lang: string; iat: number; exp: number } {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

describe('bridge token: PHP signs, TypeScript verifies', () => {
  it('a token from the PHP action is accepted by the backend verifier with the user, admin flag and language', async () => {
    const before = Math.floor(Date.now() / 1000);
    const out = await action(SECRET, 7, false, 'ja_jp', 'https://xtiger.example.com/');
    expect(out.success).toBe(true);
    const result = out.result!;
    expect(verifyBridgeToken(SECRET, result.token)).toEqual({ userId: 7, isAdmin: false, language: 'ja_jp' });
    const payload = payloadOf(result.token);
    expect(payload.exp - payload.iat).toBe(300);
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(result.expiresAt).toBe(payload.exp);
    expect(result.backendUrl).toBe('https://xtiger.example.com');
  });

  it('produces byte for byte the token the TypeScript signer makes for the same payload', async () => {
    const out = await action(SECRET, 1, true, 'en_us', 'http://127.0.0.1:8787');
    const token = out.result!.token;
    expect(token).toBe(signBridgeToken(SECRET, payloadOf(token)));
    expect(verifyBridgeToken(SECRET, token).isAdmin).toBe(true);
  });

  it('is rejected when signed with another secret or altered', async () => {
    const out = await action(SECRET, 3, false, 'en_us', '');
    const token = out.result!.token;
    expect(() => verifyBridgeToken('b'.repeat(64), token)).toThrow(/not valid/);
    const [v, , sig] = token.split('.');
    const forged = `${v}.${Buffer.from(JSON.stringify({ ...payloadOf(token), adm: true })).toString('base64url')}.${sig}`;
    expect(() => verifyBridgeToken(SECRET, forged)).toThrow(/not valid/);
    expect(() => verifyBridgeToken(SECRET, token, (payloadOf(token).exp + 1) * 1000)).toThrow(/expired/);
  });

  it('answers an error, not a token, when the bridge secret is missing', async () => {
    const out = await action('', 1, true, 'en_us', '');
    expect(out).toEqual({ success: false, error: { code: 'XTIGER_BRIDGE_MISSING', message: 'LBL_BRIDGE_MISSING' } });
  });
});
