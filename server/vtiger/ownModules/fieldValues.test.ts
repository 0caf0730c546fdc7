import { describe, expect, it } from 'vitest';
import type { WritableField } from './entityModule.js';
import { formatDateTime, replaceFourByteCharacters, toColumnValue } from './fieldValues.js';

function field(over: Partial<WritableField>): WritableField {
  return {
    name: 'f', label: 'F', table: 't', column: 'f', uitype: 1, dataType: 'V', mandatory: false, displaytype: 1, presence: 2,
    picklistValues: undefined, relatedModules: [], maxChars: undefined, maxBytes: undefined, ...over,
  };
}

describe('toColumnValue (what Vtiger\'s save stores)', () => {
  it('stores empty values as Vtiger does: 0 for integers and relations, NULL for dates, \'0\' for checkboxes, \'\' for text', () => {
    expect(toColumnValue(field({ uitype: 10, dataType: 'I' }), null)).toEqual({ ok: true, value: 0 });
    expect(toColumnValue(field({ uitype: 70, dataType: 'DT' }), undefined)).toEqual({ ok: true, value: null });
    expect(toColumnValue(field({ uitype: 56, dataType: 'C' }), '')).toEqual({ ok: true, value: '0' });
    expect(toColumnValue(field({}), '')).toEqual({ ok: true, value: '' });
  });
  it('turns checkbox input into \'1\' / \'0\'', () => {
    expect(toColumnValue(field({ uitype: 56 }), true)).toEqual({ ok: true, value: '1' });
    expect(toColumnValue(field({ uitype: 56 }), 'on')).toEqual({ ok: true, value: '1' });
    expect(toColumnValue(field({ uitype: 56 }), 'no')).toEqual({ ok: true, value: '0' });
  });
  it('refuses a picklist value the module does not have, naming the field and the allowed values', () => {
    const status = field({ name: 'xtl_status', label: 'Status', uitype: 16, picklistValues: ['Success', 'Failed'] });
    expect(toColumnValue(status, 'Done')).toEqual({ ok: false, problem: 'Status (xtl_status) "Done" is not one of Success, Failed' });
    expect(toColumnValue(status, 'Failed')).toEqual({ ok: true, value: 'Failed' });
  });
  it('refuses a missing mandatory value', () => {
    expect(toColumnValue(field({ name: 'xa_name', label: 'Account Name', mandatory: true }), '')).toEqual({ ok: false, problem: 'Account Name (xa_name) is mandatory' });
  });
  it('checks text against the column: characters for varchar, bytes for TEXT', () => {
    expect(toColumnValue(field({ maxChars: 3 }), 'abcd')).toMatchObject({ ok: false, problem: 'F (f) is 4 characters; the column holds 3' });
    expect(toColumnValue(field({ maxChars: 3 }), 'äöü')).toEqual({ ok: true, value: 'äöü' });
    expect(toColumnValue(field({ maxBytes: 4 }), 'äöü')).toMatchObject({ ok: false, problem: 'F (f) is 6 bytes; the column holds 4' });
  });
  it('replaces 4-byte characters (utf8mb3 tables cannot hold them) and encodes script tags like from_html', () => {
    expect(replaceFourByteCharacters('ok 👍 𠀀')).toEqual({ text: 'ok \uFFFD \uFFFD', replaced: 2 });
    expect(toColumnValue(field({}), 'Müller 😀')).toEqual({ ok: true, value: 'Müller \uFFFD' });
    // Typed text loses script elements and event handlers before any save (vtlib_purify); from_html then encodes what is left of a script.
    expect(toColumnValue(field({}), '<script>x</script>')).toEqual({ ok: true, value: '' });
    expect(toColumnValue(field({}), 'a <b>script</b> c </script>')).toEqual({ ok: true, value: 'a &lt;b&gt;script&lt;/b&gt; c &lt;/script&gt;' });
    expect(toColumnValue(field({}), 'Evil <img src=x onerror=alert(1)> Ltd')).toEqual({ ok: true, value: 'Evil <img src=x> Ltd' });
    expect(toColumnValue(field({}), '"><svg onload=alert(1)>')).toEqual({ ok: true, value: '"><svg>' });
    expect(toColumnValue(field({}), 'a < b & c')).toEqual({ ok: true, value: 'a < b & c' });
  });
  it('accepts dates as Date (stored in UTC) or text, and refuses anything else', () => {
    const dt = field({ name: 'xtl_started_at', label: 'Started', uitype: 70, dataType: 'DT' });
    expect(toColumnValue(dt, new Date('2026-01-02T03:04:05.678Z'))).toEqual({ ok: true, value: '2026-01-02 03:04:05' });
    expect(toColumnValue(dt, '2026-01-02 03:04:05')).toEqual({ ok: true, value: '2026-01-02 03:04:05' });
    expect(toColumnValue(dt, '02/01/2026')).toMatchObject({ ok: false });
    expect(formatDateTime(new Date(0))).toBe('1970-01-01 00:00:00');
  });
  it('checks numbers: whole numbers for integers, decimals as exact strings', () => {
    expect(toColumnValue(field({ uitype: 7, dataType: 'I' }), '1,200')).toEqual({ ok: true, value: 1200 });
    expect(toColumnValue(field({ uitype: 7, dataType: 'I' }), '1.5')).toMatchObject({ ok: false });
    expect(toColumnValue(field({ uitype: 71, dataType: 'N' }), '123.45')).toEqual({ ok: true, value: '123.45' });
    expect(toColumnValue(field({ uitype: 71, dataType: 'N' }), '12e3')).toMatchObject({ ok: false });
  });
});
