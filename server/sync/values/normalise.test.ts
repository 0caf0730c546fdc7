import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentHash, stableJson } from './contentHash.js';
import { normaliseBoolean, normaliseDate, normaliseDecimal, normaliseMultiline, normaliseText, roundDecimal, toInstant } from './normalise.js';

describe('normalise', () => {
  it('trims text, makes it NFC and turns empty into null', () => {
    expect(normaliseText('  Mu\u0308ller ')).toBe('Müller');
    expect(normaliseText('Müller')).toBe(normaliseText('Mu\u0308ller'));
    expect(normaliseText('   ')).toBeNull();
    expect(normaliseText(undefined)).toBeNull();
  });

  it('keeps line breaks of multi-line text with unified line ends', () => {
    expect(normaliseMultiline('100 Main Street  \r\nSuite 5\r\n')).toBe('100 Main Street\nSuite 5');
  });

  it('writes decimals in their shortest exact form and refuses non-numbers', () => {
    expect(normaliseDecimal('19.99000000')).toBe('19.99');
    expect(normaliseDecimal('199.00000000')).toBe('199');
    expect(normaliseDecimal(49.5)).toBe('49.5');
    expect(normaliseDecimal('0.00')).toBe('0');
    expect(normaliseDecimal('')).toBeNull();
    expect(normaliseDecimal('12,50')).toBeUndefined();
  });

  it('rounds half away from zero like Vtiger (PHP round)', () => {
    expect(roundDecimal('19.995', 2)).toBe('20');
    expect(roundDecimal('-0.125', 2)).toBe('-0.13');
    expect(roundDecimal('5.25', 2)).toBe('5.25');
  });

  it('reads checkboxes as "1"/"0"', () => {
    expect(normaliseBoolean(true)).toBe('1');
    expect(normaliseBoolean('0')).toBe('0');
    expect(normaliseBoolean('yes')).toBe('1');
    expect(normaliseBoolean('maybe')).toBeUndefined();
  });

  it('reads Vtiger, Xero and ISO dates', () => {
    expect(normaliseDate('2024-05-01')).toBe('2024-05-01');
    expect(normaliseDate('/Date(1439434356790)/')).toBe('2015-08-13');
    expect(normaliseDate('/Date(1419937200000+0000)/')).toBe('2014-12-30');
    expect(normaliseDate(new Date(Date.UTC(2026, 0, 5, 9)))).toBe('2026-01-05');
    expect(normaliseDate('0000-00-00')).toBeNull();
    expect(normaliseDate('2024-02-30')).toBeUndefined();
    expect(toInstant('2026-11-28 03:41:07.250')?.toISOString()).toBe('2026-11-28T03:41:07.250Z');
  });
});

describe('contentHash', () => {
  it('does not depend on key order and treats null like a missing key', () => {
    const a = contentHash({ lastname: 'Doe', firstname: 'Jane', fax: null });
    const b = contentHash({ firstname: 'Jane', lastname: 'Doe' });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when any value changes, and is stable for UTF-8 text', () => {
    const base = { lastname: 'Müller', mailingcity: 'Berlin' };
    expect(contentHash(base)).not.toBe(contentHash({ ...base, mailingcity: 'Bonn' }));
    expect(stableJson(base)).toBe('[["lastname","Müller"],["mailingcity","Berlin"]]');
    expect(contentHash(base)).toBe(createHash('sha256').update('[["lastname","Müller"],["mailingcity","Berlin"]]', 'utf8').digest('hex'));
  });
});
