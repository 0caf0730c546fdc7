import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isValidXeroSignature, xeroSignatureOf } from './xeroSignature.js';

describe('Xero webhook signature', () => {
  const key = 'VW5sb2NrIHRoZSB3ZWJob29rIGtleQ==';
  const body = Buffer.from('{"events":[],"firstEventSequence":0,"lastEventSequence":0,"entropy":"ABCDEFGHIJKLMNOPQRST"}');

  it('accepts base64(HMAC-SHA256(raw body, key)) and nothing else', () => {
    const good = createHmac('sha256', key).update(body).digest('base64');
    expect(xeroSignatureOf(body, key)).toBe(good);
    expect(isValidXeroSignature(body, good, key)).toBe(true);
    expect(isValidXeroSignature(body, xeroSignatureOf(body, `${key}x`), key)).toBe(false);
    expect(isValidXeroSignature(Buffer.from(`${body.toString()} `), good, key)).toBe(false);
    expect(isValidXeroSignature(body, undefined, key)).toBe(false);
    expect(isValidXeroSignature(body, 'short', key)).toBe(false);
    expect(isValidXeroSignature(body, good, '')).toBe(false);
  });
});
