import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { XTigerError } from '../errors/XTigerError.js';

/**
 * Secrets at rest (Xero token sets, the Xero client secret): AES-256-GCM with a random 12-byte IV per value and
 * a 16-byte authentication tag, in a versioned text format that fits a TEXT column:
 *
 *   xt1:<base64url iv>:<base64url tag>:<base64url ciphertext>
 *
 * `purpose` is bound as additional authenticated data, so a ciphertext copied from one column or row kind into
 * another (say, a token set pasted over the client secret) does not decrypt. A wrong key, an altered value or a
 * wrong purpose all fail the tag check and give one clear error; nothing about the plaintext leaks.
 */
export const SECRET_FORMAT_VERSION = 'xt1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export interface SecretBox {
  seal(plaintext: string, purpose: string): string;
  open(sealed: string, purpose: string): string;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== KEY_BYTES) {
    throw new XTigerError('CONFIG_INVALID', `The XTiger encryption key must be ${KEY_BYTES} bytes; this one has ${key.length}.`);
  }
  const keyCopy = Buffer.from(key);
  return {
    seal(plaintext, purpose) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keyCopy, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(purpose, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [SECRET_FORMAT_VERSION, iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join(':');
    },
    open(sealed, purpose) {
      const parts = sealed.split(':');
      if (parts[0] !== SECRET_FORMAT_VERSION) {
        throw unreadable(purpose, parts.length === 4 ? `unknown format version "${parts[0] ?? ''}"` : 'not an encrypted XTiger value');
      }
      if (parts.length !== 4) throw unreadable(purpose, 'the value is truncated');
      const iv = Buffer.from(parts[1] ?? '', 'base64url');
      const tag = Buffer.from(parts[2] ?? '', 'base64url');
      const body = Buffer.from(parts[3] ?? '', 'base64url');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw unreadable(purpose, 'the value is truncated');
      try {
        const decipher = createDecipheriv('aes-256-gcm', keyCopy, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(purpose, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        // No `cause`: the OpenSSL error says nothing useful and this error must never carry key material.
        throw unreadable(purpose, 'the encryption key differs from the one that encrypted it, or the stored value was altered');
      }
    },
  };
}

function unreadable(purpose: string, why: string): XTigerError {
  return new XTigerError(
    'SECRET_UNREADABLE',
    `The stored secret "${purpose}" cannot be decrypted: ${why}. Restore the original XTIGER_ENCRYPTION_KEY or key file, or enter the secret again (for Xero: save the API details and reconnect).`,
    { details: { purpose } },
  );
}
