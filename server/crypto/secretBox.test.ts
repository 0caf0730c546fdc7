import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isXTigerError } from '../errors/XTigerError.js';
import { createSecretBox } from './secretBox.js';

const box = createSecretBox(randomBytes(32));

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('secretBox (AES-256-GCM)', () => {
  it('round-trips and never repeats a ciphertext (random IV)', () => {
    const a = box.seal('refresh-token-value-ü', 'xero-token-set');
    const b = box.seal('refresh-token-value-ü', 'xero-token-set');
    expect(a).not.toBe(b);
    expect(a.startsWith('xt1:')).toBe(true);
    expect(a).not.toContain('refresh-token-value');
    expect(box.open(a, 'xero-token-set')).toBe('refresh-token-value-ü');
    expect(a.split(':')).toHaveLength(4);
    expect(Buffer.from(a.split(':')[1] ?? '', 'base64url')).toHaveLength(12);
  });

  it('rejects a tampered ciphertext, tag or IV with a clear error', () => {
    const sealed = box.seal('secret', 'p');
    const [v, iv, tag, body] = sealed.split(':') as [string, string, string, string];
    const flip = (s: string) => {
      const bytes = Buffer.from(s, 'base64url');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString('base64url');
    };
    for (const bad of [[v, iv, tag, flip(body)], [v, iv, flip(tag), body], [v, flip(iv), tag, body]]) {
      const err = thrown(() => box.open(bad.join(':'), 'p'));
      expect(isXTigerError(err, 'SECRET_UNREADABLE')).toBe(true);
      expect((err as Error).message).toContain('"p" cannot be decrypted');
      expect((err as Error).message).not.toContain('secret"');
    }
  });

  it('rejects a value sealed for another purpose or with another key', () => {
    const sealed = box.seal('secret', 'xero-client-secret');
    expect(isXTigerError(thrown(() => box.open(sealed, 'xero-token-set')), 'SECRET_UNREADABLE')).toBe(true);
    const other = createSecretBox(randomBytes(32));
    expect(isXTigerError(thrown(() => other.open(sealed, 'xero-client-secret')), 'SECRET_UNREADABLE')).toBe(true);
  });

  it('names an unknown version or plain text instead of failing obscurely', () => {
    expect((thrown(() => box.open('xt9:a:b:c', 'p')) as Error).message).toContain('unknown format version "xt9"');
    expect((thrown(() => box.open('plain text', 'p')) as Error).message).toContain('not an encrypted XTiger value');
    expect((thrown(() => box.open('xt1:abc', 'p')) as Error).message).toContain('truncated');
  });

  it('refuses a key of the wrong length', () => {
    expect(isXTigerError(thrown(() => createSecretBox(randomBytes(16))), 'CONFIG_INVALID')).toBe(true);
  });
});
