/**
 * Vtiger's webservice answers some text HTML-encoded (PHP `htmlentities` with ENT_QUOTES: `M&uuml;ller`,
 * `&lt;b&gt;`, `&#039;`), while the database holds the plain UTF-8 text. This is the entity table of
 * PHP's HTML 4.01 set, used to decode responses (and by the test double to encode them).
 */
const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';
const GREEK_UPPER = 'Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho'; // 913..929
const GREEK_UPPER2 = 'Sigma Tau Upsilon Phi Chi Psi Omega'; // 931..937
const GREEK_LOWER = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigmaf sigma tau upsilon phi chi psi omega'; // 945..969
const OTHERS: Record<string, number> = {
  quot: 34, amp: 38, lt: 60, gt: 62, OElig: 338, oelig: 339, Scaron: 352, scaron: 353, Yuml: 376, fnof: 402, circ: 710,
  tilde: 732, thetasym: 977, upsih: 978, piv: 982, ensp: 8194, emsp: 8195, thinsp: 8201, zwnj: 8204, zwj: 8205, lrm: 8206,
  rlm: 8207, ndash: 8211, mdash: 8212, lsquo: 8216, rsquo: 8217, sbquo: 8218, ldquo: 8220, rdquo: 8221, bdquo: 8222,
  dagger: 8224, Dagger: 8225, bull: 8226, hellip: 8230, permil: 8240, prime: 8242, Prime: 8243, lsaquo: 8249, rsaquo: 8250,
  oline: 8254, frasl: 8260, euro: 8364, image: 8465, weierp: 8472, real: 8476, trade: 8482, alefsym: 8501, larr: 8592,
  uarr: 8593, rarr: 8594, darr: 8595, harr: 8596, crarr: 8629, lArr: 8656, uArr: 8657, rArr: 8658, dArr: 8659, hArr: 8660,
  forall: 8704, part: 8706, exist: 8707, empty: 8709, nabla: 8711, isin: 8712, notin: 8713, ni: 8715, prod: 8719, sum: 8721,
  minus: 8722, lowast: 8727, radic: 8730, prop: 8733, infin: 8734, ang: 8736, and: 8743, or: 8744, cap: 8745, cup: 8746,
  int: 8747, there4: 8756, sim: 8764, cong: 8773, asymp: 8776, ne: 8800, equiv: 8801, le: 8804, ge: 8805, sub: 8834,
  sup: 8835, nsub: 8836, sube: 8838, supe: 8839, oplus: 8853, otimes: 8855, perp: 8869, sdot: 8901, lceil: 8968,
  rceil: 8969, lfloor: 8970, rfloor: 8971, lang: 9001, rang: 9002, loz: 9674, spades: 9824, clubs: 9827, hearts: 9829,
  diams: 9830,
};

function buildTable(): Map<string, number> {
  const table = new Map<string, number>(Object.entries(OTHERS));
  const addRun = (names: string, start: number) => names.split(' ').forEach((n, i) => table.set(n, start + i));
  addRun(LATIN1, 160);
  addRun(GREEK_UPPER, 913);
  addRun(GREEK_UPPER2, 931);
  addRun(GREEK_LOWER, 945);
  return table;
}

/** Entity name → code point (PHP's HTML 4.01 table). */
export const HTML_ENTITY_CODE_POINTS: ReadonlyMap<string, number> = buildTable();

const NAME_BY_CODE_POINT = new Map<number, string>([...HTML_ENTITY_CODE_POINTS].map(([name, cp]) => [cp, name]));

/** Decodes named (`&uuml;`), decimal (`&#039;`) and hex (`&#x27;`) entities; unknown entities stay as they are. */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z][a-z0-9]{1,8});/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    const cp = body === 'apos' ? 39 : HTML_ENTITY_CODE_POINTS.get(body);
    return cp === undefined ? whole : String.fromCodePoint(cp);
  });
}

/** PHP `htmlentities($s, ENT_QUOTES, 'UTF-8')`: what Vtiger does to record labels and history values. */
export function encodeHtmlEntities(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 39) out += '&#039;';
    else {
      const name = NAME_BY_CODE_POINT.get(cp);
      out += name === undefined ? ch : `&${name};`;
    }
  }
  return out;
}

/** Decodes every string inside a JSON value (objects and arrays included); other values pass through. */
export function decodeHtmlEntitiesDeep<T>(value: T): T {
  if (typeof value === 'string') return decodeHtmlEntities(value) as T;
  if (Array.isArray(value)) return value.map((v) => decodeHtmlEntitiesDeep(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = decodeHtmlEntitiesDeep(v);
    return out as T;
  }
  return value;
}
