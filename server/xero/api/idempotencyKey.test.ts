import { describe, expect, it } from 'vitest';
import { canonicalJson, idempotencyKeyFor } from './idempotencyKey.js';

describe('idempotencyKeyFor', () => {
  const batch = [{ name: 'Acme', contactNumber: 'C1', emailAddress: undefined }];
  it('is stable for the same tenant, operation and content (key order and undefined do not matter)', () => {
    const a = idempotencyKeyFor('t1', 'createContacts', batch);
    const b = idempotencyKeyFor('t1', 'createContacts', [{ contactNumber: 'C1', name: 'Acme' }]);
    expect(a).toBe(b);
    expect(a.length).toBeLessThanOrEqual(128);
    expect(a).toMatch(/^xtiger-createContacts-[A-Za-z0-9_-]{43}$/);
  });
  it('differs by tenant, operation, content and scope', () => {
    const base = idempotencyKeyFor('t1', 'createContacts', batch);
    expect(idempotencyKeyFor('t2', 'createContacts', batch)).not.toBe(base);
    expect(idempotencyKeyFor('t1', 'updateOrCreateContacts', batch)).not.toBe(base);
    expect(idempotencyKeyFor('t1', 'createContacts', [{ name: 'Acme Ltd', contactNumber: 'C1' }])).not.toBe(base);
    expect(idempotencyKeyFor('t1', 'createContacts', batch, 'change-42')).not.toBe(base);
  });
  it('writes canonical JSON', () => {
    expect(canonicalJson({ b: 1, a: [{ d: new Date(0), c: undefined }] })).toBe('{"a":[{"d":"1970-01-01T00:00:00.000Z"}],"b":1}');
  });
});
