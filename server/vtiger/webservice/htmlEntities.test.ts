import { describe, expect, it } from 'vitest';
import { decodeHtmlEntities, decodeHtmlEntitiesDeep, encodeHtmlEntities } from './htmlEntities.js';

describe('HTML entities in Vtiger responses', () => {
  it('decodes the labels real Vtiger 8.2 returned', () => {
    expect(decodeHtmlEntities('Hans M&uuml;ller')).toBe('Hans Müller');
    expect(decodeHtmlEntities('Friedrichstra&szlig;e 10')).toBe('Friedrichstraße 10');
    expect(decodeHtmlEntities('Rec &lt;b&gt;x&lt;/b&gt; &amp; &quot;q&quot; &#039;s')).toBe('Rec <b>x</b> & "q" \'s');
    expect(decodeHtmlEntities('Gesch&auml;ftsf&uuml;hrer &euro; &#x27;x&#x27;')).toBe("Geschäftsführer € 'x'");
  });

  it('leaves unknown entities and plain ampersands alone', () => {
    expect(decodeHtmlEntities('A & B &nosuch; &#0;')).toBe('A & B &nosuch; &#0;');
  });

  it('encodes like PHP htmlentities with ENT_QUOTES (3-byte characters outside the table stay raw)', () => {
    expect(encodeHtmlEntities('Rec <b>x</b> & "q" \'s')).toBe('Rec &lt;b&gt;x&lt;/b&gt; &amp; &quot;q&quot; &#039;s');
    expect(encodeHtmlEntities('Emoji ???? test ✓ Müller')).toBe('Emoji ???? test ✓ M&uuml;ller');
    expect(decodeHtmlEntities(encodeHtmlEntities('ßÿ€Ωπ'))).toBe('ßÿ€Ωπ');
  });

  it('decodes every string of a nested response', () => {
    expect(decodeHtmlEntitiesDeep({ label: 'M&uuml;ller', n: 1, lines: [{ comment: 'a &amp; b' }], x: null })).toEqual({
      label: 'Müller',
      n: 1,
      lines: [{ comment: 'a & b' }],
      x: null,
    });
  });
});
