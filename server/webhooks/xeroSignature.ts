import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Xero signs each webhook: `x-xero-signature` = base64(HMAC-SHA256(raw body, webhook key)). The check is on the raw
 * bytes as received (a re-serialised JSON body would not match) and compares digests in constant time.
 */
export function xeroSignatureOf(rawBody: Buffer, key: string): string {
  return createHmac('sha256', key).update(rawBody).digest('base64');
}

export function isValidXeroSignature(rawBody: Buffer, header: string | undefined, key: string): boolean {
  if (!header || key === '') return false;
  const expected = createHmac('sha256', key).update(rawBody).digest();
  const given = Buffer.from(header.trim(), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
