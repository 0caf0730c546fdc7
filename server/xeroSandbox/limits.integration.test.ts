/**
 * Rate limits, Idempotency-Key replay, fault injection and the virtual clock, over real HTTP with xero-node.
 */
import { describe, expect, it } from 'vitest';
import type { Contacts } from 'xero-node';
import { createVirtualClock } from './clock.js';
import { startXeroSandbox } from './sandbox.js';
import { sdkClientFor, sdkError } from './testing/sdkClient.js';
import { expectNoContractViolations, useXeroSandbox } from './testing/useXeroSandbox.js';

const clock = createVirtualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
const ctx = useXeroSandbox({ clock });
const contacts = (...names: string[]): Contacts => ({ contacts: names.map((name) => ({ name })) });

describe('rate limits', () => {
  it('answers the 61st call of an organisation\'s minute with 429, X-Rate-Limit-Problem: minute and Retry-After', async () => {
    const xero = sdkClientFor(ctx.sandbox);
    const t = ctx.sandbox.demoTenantId;
    const first = await xero.accountingApi.getOrganisations(t);
    expect(first.response.headers['x-minlimit-remaining']).toBe('59');
    expect(first.response.headers['x-daylimit-remaining']).toBe('4999');
    expect(first.response.headers['x-appminlimit-remaining']).toBe('9999');
    for (let i = 0; i < 59; i++) await xero.accountingApi.getCurrencies(t);
    const refused = sdkError(await xero.accountingApi.getOrganisations(t).catch((e: unknown) => e));
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['x-rate-limit-problem']).toBe('minute');
    expect(refused.headers['x-minlimit-remaining']).toBe('0');
    expect(refused.headers['x-daylimit-remaining']).toBe('4940');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another organisation has its own window.
    const other = ctx.sandbox.createOrganisation({ name: 'Other Org' });
    await expect(sdkClientFor(ctx.sandbox, ctx.sandbox.issueTokenSet({ tenantIds: [other.tenantId] })).accountingApi.getOrganisations(other.tenantId)).resolves.toBeDefined();
    clock.advance(retryAfter * 1000);
    await expect(xero.accountingApi.getOrganisations(t)).resolves.toBeDefined();
    const stats = ctx.sandbox.stats();
    expect(stats.rejected429).toBe(1);
    expect(stats.peakPerMinute).toBe(60);
  });

  it('refuses calls over 5 in flight with X-Rate-Limit-Problem: concurrent and no Retry-After', async () => {
    const sandbox = await startXeroSandbox({ clock: createVirtualClock(), latencyMs: 150 });
    try {
      const xero = sdkClientFor(sandbox);
      const results = await Promise.all(Array.from({ length: 8 }, () => xero.accountingApi.getTaxRates(sandbox.demoTenantId).then(() => 200, (e: unknown) => sdkError(e))));
      const refused = results.filter((r) => r !== 200);
      expect(results.filter((r) => r === 200)).toHaveLength(5);
      expect(refused).toHaveLength(3);
      for (const r of refused) {
        expect(r).toMatchObject({ statusCode: 429, headers: { 'x-rate-limit-problem': 'concurrent' } });
        expect(typeof r === 'object' && 'retry-after' in r.headers).toBe(false);
      }
      expect(sandbox.stats().peakConcurrent).toBe(5);
      expectNoContractViolations(sandbox);
    } finally {
      await sandbox.close();
    }
  });

  it('refuses past the daily limit with X-Rate-Limit-Problem: daily', async () => {
    const sandbox = await startXeroSandbox({ clock: createVirtualClock(), limits: { perDay: 3 } });
    try {
      const xero = sdkClientFor(sandbox);
      for (let i = 0; i < 3; i++) await xero.accountingApi.getCurrencies(sandbox.demoTenantId);
      const refused = sdkError(await xero.accountingApi.getCurrencies(sandbox.demoTenantId).catch((e: unknown) => e));
      expect(refused).toMatchObject({ statusCode: 429, headers: { 'x-rate-limit-problem': 'daily', 'retry-after': '86400', 'x-daylimit-remaining': '0' } });
    } finally {
      await sandbox.close();
    }
  });
});

describe('Idempotency-Key and lost responses', () => {
  it('a replay with the same key returns the first response and writes nothing', async () => {
    clock.advance(60_000);
    const xero = sdkClientFor(ctx.sandbox);
    const t = ctx.sandbox.demoTenantId;
    const before = ctx.sandbox.stats().writes;
    const a = await xero.accountingApi.createContacts(t, contacts('Idem One', 'Idem Two'), false, 'push-contacts-0001');
    const b = await xero.accountingApi.createContacts(t, contacts('Idem One', 'Idem Two'), false, 'push-contacts-0001');
    expect(b.body.contacts?.map((c) => c.contactID)).toEqual(a.body.contacts?.map((c) => c.contactID));
    expect(b.body.contacts?.every((c) => c.statusAttributeString === 'OK')).toBe(true);
    expect(ctx.sandbox.org(t).contacts.all().filter((c) => c.Name.startsWith('Idem '))).toHaveLength(2);
    expect(ctx.sandbox.stats().writes).toBe(before + 2);
    const reused = sdkError(await xero.accountingApi.createContacts(t, contacts('Something Else'), false, 'push-contacts-0001').catch((e: unknown) => e));
    expect(reused.statusCode).toBe(400);
  });

  it('after a write whose response was lost, a retry with the same key gets the original answer: one record', async () => {
    const xero = sdkClientFor(ctx.sandbox);
    const t = ctx.sandbox.demoTenantId;
    ctx.sandbox.failNext(1, 'network-drop-after-commit');
    const lost = await xero.accountingApi.createContacts(t, contacts('Lost Response Ltd'), false, 'push-lost-1').catch((e: unknown) => e);
    expect(sdkError(lost).statusCode).toBe(0); // no HTTP response at all
    expect(ctx.sandbox.org(t).contacts.find((c) => c.Name === 'Lost Response Ltd')).toBeDefined();
    const retry = await xero.accountingApi.createContacts(t, contacts('Lost Response Ltd'), false, 'push-lost-1');
    expect(retry.body.contacts?.[0]?.statusAttributeString).toBe('OK');
    expect(retry.body.contacts?.[0]?.contactID).toBe(ctx.sandbox.org(t).contacts.find((c) => c.Name === 'Lost Response Ltd')?.ContactID);
    expect(ctx.sandbox.org(t).contacts.all().filter((c) => c.Name === 'Lost Response Ltd')).toHaveLength(1);
  });

  it('injects a 500 and a timeout, after which calls work again', async () => {
    const xero = sdkClientFor(ctx.sandbox);
    const t = ctx.sandbox.demoTenantId;
    ctx.sandbox.failNext(1, '500');
    expect(sdkError(await xero.accountingApi.createContacts(t, contacts('After 500'), false, 'k-500').catch((e: unknown) => e)).statusCode).toBe(500);
    expect(ctx.sandbox.org(t).contacts.find((c) => c.Name === 'After 500')).toBeUndefined();
    expect((await xero.accountingApi.createContacts(t, contacts('After 500'), false, 'k-500')).body.contacts?.[0]?.statusAttributeString).toBe('OK');

    ctx.sandbox.failNext(1, 'timeout');
    const token = ctx.sandbox.issueTokenSet().access_token;
    const hung = fetch(`${ctx.sandbox.url}/api.xro/2.0/Organisation`, { headers: { authorization: `Bearer ${token}`, 'xero-tenant-id': t }, signal: AbortSignal.timeout(300) });
    await expect(hung).rejects.toThrow();
    await expect(xero.accountingApi.getOrganisations(t)).resolves.toBeDefined();
  });
});

describe('virtual clock', () => {
  it('sleep() costs no real time and moves the clock; advance() cannot go backwards', async () => {
    const vc = createVirtualClock(1_000);
    const started = Date.now();
    await Promise.all([vc.sleep(90_000), vc.sleep(30_000)]);
    expect(vc.now()).toBe(91_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    vc.advance(9_000);
    expect(vc.now()).toBe(100_000);
    expect(() => vc.advance(-1)).toThrow(RangeError);
  });
});
