/**
 * The dirty-CRM corpus: the records a real CRM holds, as a user types them into Vtiger, each with what it is
 * expected to become after one sync run and after its cause is fixed. The expectations come from the case list
 * (issue 10), never from running the engine:
 *
 * - `xero`: clean enough to be in Xero after the first run;
 * - `waiting`: refused for a cause outside the record (its organization or item refused, a tax rate or currency
 *   the Xero organisation lacks, a Vtiger write that failed, a Xero document locked since it was sent): one XTLog
 *   line saying why, sent by the next scheduled run once the cause is gone, with no edit of the record;
 * - `needsAction`: refused for its own data (empty/over-long Part Number, invalid e-mail, a name too long for Xero,
 *   a key another record shares): one XTLog line naming the field, sent once the record (or its twin) is edited;
 * - `gone`: deleted in Vtiger between the run's read and its write: one XTLog line, nothing more.
 *
 * Element values starting with `@` name another record of the corpus by key (its webservice id is filled in).
 */
export type CorpusModule = 'Accounts' | 'Contacts' | 'Products' | 'Services' | 'Invoice';

export type WaitingCause = 'parent' | 'item' | 'taxRate' | 'currency' | 'vtigerWrite' | 'locked';

export type FirstOutcome =
  | { in: 'xero' }
  | { in: 'waiting'; cause: WaitingCause; says: RegExp[] }
  /** `twin`: the other record of an ambiguous pair, which the message must name (by number or by name). */
  | { in: 'needsAction'; field: string; says: RegExp[]; twin?: string }
  | { in: 'gone'; says: RegExp[] };

/** What the user does about a record between the two runs: an edit in Vtiger, through the webservice. */
export interface RecordFix {
  edit: Record<string, string>;
}

export interface CorpusRecord {
  key: string;
  module: CorpusModule;
  /** The case it stands for, in words (reported when an assertion fails). */
  case: string;
  element: Record<string, unknown>;
  expect: FirstOutcome;
  fix?: RecordFix;
}

/** Faults the run meets: a record deleted between read and write, a Vtiger write answered with an empty HTTP 500. */
export interface CorpusFaults {
  deleteBeforeWrite: string;
  http500OnWrite: string;
}

/**
 * Fixes in Xero, made by the admin through Xero's API (the sandbox), as the messages tell them to; and the
 * bookkeeper voids the locked invoices (`LOCKED_LAST_WEEK`) there.
 */
export const XERO_FIXES = {
  taxRate: { Name: 'Sales + Service', TaxComponents: [{ Name: 'Sales', Rate: 10 }, { Name: 'Service', Rate: 12.5 }] },
  currency: { Code: 'CHF', Description: 'Swiss Franc' },
  lockedInvoiceStatus: 'VOIDED',
} as const;

/** The currency the Vtiger admin added in Settings → Currencies, which the Xero organisation lacks. */
export const VTIGER_EXTRA_CURRENCY = { code: 'CHF', name: 'Switzerland, Francs', symbol: 'CHF', rate: '0.9' };

const pad = (n: number): string => String(n).padStart(2, '0');
const LONG_255 = (stem: string): string => `${stem} ${'Lorem ipsum dolor sit amet consectetur '.repeat(8)}`.slice(0, 255);
const ownerless = { assigned_user_id: '19x1' };

// Words the messages must contain, by cause (field labels as Vtiger shows them).
const SAYS = {
  email: /e-?mail/i,
  partNumber: /Part Number|Item Code/i,
  productName: /Product Name|Item Name/i,
  serviceName: /Service Name|Item Name/i,
  duplicate: /duplicate|same|already|another|both|shares?/i,
  taxRate: /tax/i,
  currency: /CHF|currenc/i,
  deleted: /delet|not found|access|no longer/i,
  vtigerWrite: /Vtiger/i,
  locked: /AUTHORISED/,
};

function organizations(): CorpusRecord[] {
  const out: CorpusRecord[] = [];
  for (let i = 1; i <= 30; i++) {
    out.push({
      key: `org.clean.${pad(i)}`,
      module: 'Accounts',
      case: 'clean organization',
      element: { accountname: `Clean Trading ${pad(i)} Ltd`, email1: `office${i}@clean${i}.example.com`, phone: `+1 555 01${pad(i)}`, bill_city: 'Springfield', bill_country: 'USA', ...ownerless },
      expect: { in: 'xero' },
    });
  }
  out.push(
    { key: 'org.html', module: 'Accounts', case: 'HTML in the name', element: { accountname: '<b>Bold</b> & <i>Sons</i> Ltd', email1: 'bold@sons.example.com', ...ownerless }, expect: { in: 'xero' } },
    { key: 'org.long', module: 'Accounts', case: '255-character name (Vtiger keeps 100)', element: { accountname: LONG_255('Long Name Holdings'), email1: 'long@holdings.example.com', ...ownerless }, expect: { in: 'xero' } },
    { key: 'org.emoji', module: 'Accounts', case: 'emoji in the name (Vtiger stores ????)', element: { accountname: 'Café 🍰 Patisserie', email1: 'cake@patisserie.example.com', ...ownerless }, expect: { in: 'xero' } },
    { key: 'org.japanese', module: 'Accounts', case: 'Japanese name', element: { accountname: '山田商事株式会社', email1: 'info@yamada-shoji.example.jp', ...ownerless }, expect: { in: 'xero' } },
    {
      key: 'org.badEmail.1', module: 'Accounts', case: 'invalid e-mail (double @)',
      element: { accountname: 'Broken Mail Industries', email1: 'sales@@broken-mail.example.com', ...ownerless },
      expect: { in: 'needsAction', field: 'email1', says: [SAYS.email] }, fix: { edit: { email1: 'sales@broken-mail.example.com' } },
    },
    {
      key: 'org.badEmail.2', module: 'Accounts', case: 'invalid e-mail (no domain)',
      element: { accountname: 'No Domain Supplies', email1: 'orders(at)nodomain', ...ownerless },
      expect: { in: 'needsAction', field: 'email1', says: [SAYS.email] }, fix: { edit: { email1: 'orders@nodomain.example.com' } },
    },
    // Duplicate prevention was off in this CRM (Settings → Duplicate Prevention), as in many imported ones.
    {
      key: 'org.dupName.a', module: 'Accounts', case: 'duplicate organization name (first)',
      element: { accountname: '株式会社サンプル', email1: 'tokyo@sample.example.jp', bill_city: 'Tokyo', ...ownerless },
      expect: { in: 'needsAction', field: 'accountname', says: [SAYS.duplicate, /株式会社サンプル/], twin: 'org.dupName.b' },
    },
    {
      key: 'org.dupName.b', module: 'Accounts', case: 'duplicate organization name (second)',
      element: { accountname: '株式会社サンプル', email1: 'osaka@sample.example.jp', bill_city: 'Osaka', ...ownerless },
      expect: { in: 'needsAction', field: 'accountname', says: [SAYS.duplicate, /株式会社サンプル/], twin: 'org.dupName.a' }, fix: { edit: { accountname: '株式会社サンプル 大阪支店' } },
    },
    {
      key: 'org.dupCase.a', module: 'Accounts', case: 'organization names equal but for case (first)',
      element: { accountname: 'Globex Japan', email1: 'jp@globex.example.com', ...ownerless },
      expect: { in: 'needsAction', field: 'accountname', says: [SAYS.duplicate, /Globex Japan/i], twin: 'org.dupCase.b' },
    },
    {
      key: 'org.dupCase.b', module: 'Accounts', case: 'organization names equal but for case (second)',
      element: { accountname: 'GLOBEX JAPAN', email1: 'kk@globex.example.com', ...ownerless },
      expect: { in: 'needsAction', field: 'accountname', says: [SAYS.duplicate, /Globex Japan/i], twin: 'org.dupCase.a' }, fix: { edit: { accountname: 'Globex Japan KK' } },
    },
    // A sole trader entered as an organization and again as a contact: Xero keeps both in one list of contacts.
    {
      key: 'org.sameAsContact', module: 'Accounts', case: 'organization named like a contact without organization',
      element: { accountname: 'Hanako Suzuki', email1: 'office@suzuki.example.jp', ...ownerless },
      expect: { in: 'needsAction', field: 'accountname', says: [SAYS.duplicate, /Hanako Suzuki/], twin: 'contact.sameAsOrg' },
    },
  );
  return out;
}

function contacts(): CorpusRecord[] {
  const out: CorpusRecord[] = [];
  for (let i = 1; i <= 47; i++) {
    out.push({
      key: `contact.own.${pad(i)}`, module: 'Contacts', case: 'clean contact without organization',
      element: { firstname: 'Solo', lastname: `Customer ${pad(i)}`, email: `solo${i}@mail.example.com`, mobile: `+1 555 02${pad(i)}`, ...ownerless },
      expect: { in: 'xero' },
    });
  }
  for (let i = 1; i <= 20; i++) {
    out.push({
      key: `contact.person.${pad(i)}`, module: 'Contacts', case: 'clean contact of a clean organization',
      element: { firstname: 'Staff', lastname: `Member ${pad(i)}`, email: `staff${i}@clean${((i - 1) % 10) + 1}.example.com`, account_id: `@org.clean.${pad(((i - 1) % 10) + 1)}`, ...ownerless },
      expect: { in: 'xero' },
    });
  }
  out.push(
    { key: 'contact.html', module: 'Contacts', case: 'HTML in the name', element: { firstname: '<script>x</script>', lastname: 'O\'Brien & Co', email: 'obrien@mail.example.com', ...ownerless }, expect: { in: 'xero' } },
    { key: 'contact.long', module: 'Contacts', case: '255-character last name (Vtiger keeps 80)', element: { firstname: 'Very', lastname: LONG_255('Longname'), email: 'very.long@mail.example.com', ...ownerless }, expect: { in: 'xero' } },
    { key: 'contact.emoji', module: 'Contacts', case: 'emoji in the name (Vtiger stores ????)', element: { firstname: 'Emi 😀', lastname: 'Smiles', email: 'emi@mail.example.com', ...ownerless }, expect: { in: 'xero' } },
    {
      key: 'contact.badEmail.1', module: 'Contacts', case: 'invalid e-mail, one element error in a batch of good ones',
      element: { firstname: 'Bad', lastname: 'Mailbox One', email: 'bad.mailbox@', ...ownerless },
      expect: { in: 'needsAction', field: 'email', says: [SAYS.email] }, fix: { edit: { email: 'bad.mailbox@mail.example.com' } },
    },
    {
      key: 'contact.badEmail.2', module: 'Contacts', case: 'invalid e-mail with a space',
      element: { firstname: 'Bad', lastname: 'Mailbox Two', email: 'bad mailbox@mail.example.com', ...ownerless },
      expect: { in: 'needsAction', field: 'email', says: [SAYS.email] }, fix: { edit: { email: 'bad.mailbox2@mail.example.com' } },
    },
    {
      key: 'contact.personBadEmail', module: 'Contacts', case: 'contact person with an invalid e-mail on a clean organization',
      element: { firstname: 'Person', lastname: 'Bad Mail', email: 'person@@clean11.example.com', account_id: '@org.clean.11', ...ownerless },
      expect: { in: 'needsAction', field: 'email', says: [SAYS.email] }, fix: { edit: { email: 'person@clean11.example.com' } },
    },
    {
      key: 'contact.dupName.a', module: 'Contacts', case: 'two contacts with one name (first)',
      element: { firstname: 'Taro', lastname: 'Yamada', email: 'taro.yamada@one.example.jp', ...ownerless },
      expect: { in: 'needsAction', field: 'lastname', says: [SAYS.duplicate, /Taro Yamada/], twin: 'contact.dupName.b' },
    },
    {
      key: 'contact.dupName.b', module: 'Contacts', case: 'two contacts with one name (second)',
      element: { firstname: 'Taro', lastname: 'Yamada', email: 'taro.yamada@two.example.jp', ...ownerless },
      expect: { in: 'needsAction', field: 'lastname', says: [SAYS.duplicate, /Taro Yamada/], twin: 'contact.dupName.a' }, fix: { edit: { lastname: 'Yamada (Osaka)' } },
    },
    {
      key: 'contact.sameAsOrg', module: 'Contacts', case: 'contact without organization named like an organization',
      element: { firstname: 'hanako', lastname: 'SUZUKI', email: 'hanako@suzuki.example.jp', ...ownerless },
      expect: { in: 'needsAction', field: 'lastname', says: [SAYS.duplicate, /Hanako Suzuki/i], twin: 'org.sameAsContact' }, fix: { edit: { lastname: 'Suzuki (personal)' } },
    },
    {
      key: 'contact.deleted', module: 'Contacts', case: 'deleted in Vtiger between the read and the write',
      element: { firstname: 'Gone', lastname: 'Midway', email: 'gone.midway@mail.example.com', ...ownerless },
      expect: { in: 'gone', says: [SAYS.deleted] },
    },
    {
      key: 'contact.http500', module: 'Contacts', case: 'its Vtiger write answers HTTP 500 once',
      element: { firstname: 'Flaky', lastname: 'Write', email: 'flaky.write@mail.example.com', ...ownerless },
      expect: { in: 'waiting', cause: 'vtigerWrite', says: [SAYS.vtigerWrite] },
    },
  );
  // Contacts of refused organizations wait for them; the message says why the organization was refused.
  const parents: Array<[string, RegExp]> = [['org.badEmail.1', SAYS.email], ['org.badEmail.2', SAYS.email], ['org.dupName.a', SAYS.duplicate], ['org.dupName.b', SAYS.duplicate]];
  parents.forEach(([parent, why], i) => {
    out.push({
      key: `contact.ofRefused.${i + 1}`, module: 'Contacts', case: `contact of a refused organization (${parent})`,
      element: { firstname: 'Waiting', lastname: `Person ${i + 1}`, email: `waiting${i + 1}@mail.example.com`, account_id: `@${parent}`, ...ownerless },
      expect: { in: 'waiting', cause: 'parent', says: [why] },
    });
  });
  return out;
}

function products(): CorpusRecord[] {
  const out: CorpusRecord[] = [];
  for (let i = 1; i <= 20; i++) {
    out.push({
      key: `product.clean.${pad(i)}`, module: 'Products', case: 'clean product',
      element: { productname: `Clean Part ${pad(i)}`, productcode: `CLN-${pad(i)}`, unit_price: `${10 + i}.50`, discontinued: '1', ...(i % 3 === 0 ? { tax1: '4.5' } : i % 3 === 1 ? { tax2: '10' } : {}), ...ownerless },
      expect: { in: 'xero' },
    });
  }
  out.push(
    { key: 'product.html', module: 'Products', case: 'HTML in the name', element: { productname: '<b>Bold</b> Bolt', productcode: 'HTML-01', unit_price: '3.00', discontinued: '1', ...ownerless }, expect: { in: 'xero' } },
    { key: 'product.emoji', module: 'Products', case: 'emoji in the name (Vtiger stores ????)', element: { productname: 'Rocket 🚀 Fuel', productcode: 'EMO-01', unit_price: '9.99', discontinued: '1', ...ownerless }, expect: { in: 'xero' } },
    {
      key: 'product.taxXeroLacks', module: 'Products', case: 'taxed Sales + Service (22.5 %), a rate the Xero organisation lacks',
      element: { productname: 'Consulting Pack', productcode: 'TAX-225', unit_price: '100.00', discontinued: '1', tax2: '10', tax3: '12.5', ...ownerless },
      expect: { in: 'xero' },
    },
    {
      key: 'product.dup777.a', module: 'Products', case: 'Part Number DUP-777 shared (first)',
      element: { productname: 'Duplicate Seven A', productcode: 'DUP-777', unit_price: '7.77', discontinued: '1', ...ownerless },
      expect: { in: 'needsAction', field: 'productcode', says: [SAYS.partNumber, SAYS.duplicate], twin: 'product.dup777.b' },
    },
    {
      key: 'product.dup777.b', module: 'Products', case: 'Part Number DUP-777 shared (second)',
      element: { productname: 'Duplicate Seven B', productcode: 'DUP-777', unit_price: '8.88', discontinued: '1', ...ownerless },
      expect: { in: 'needsAction', field: 'productcode', says: [SAYS.partNumber, SAYS.duplicate], twin: 'product.dup777.a' }, fix: { edit: { productcode: 'DUP-778' } },
    },
    {
      key: 'product.tn.lower', module: 'Products', case: 'Part Number tn-2000, equal to TN-2000 as Xero compares codes',
      element: { productname: 'Toner lower', productcode: 'tn-2000', unit_price: '20.00', discontinued: '1', ...ownerless },
      expect: { in: 'needsAction', field: 'productcode', says: [SAYS.partNumber, SAYS.duplicate], twin: 'product.tn.upper' },
    },
    {
      key: 'product.tn.upper', module: 'Products', case: 'Part Number TN-2000, equal to tn-2000 as Xero compares codes',
      element: { productname: 'Toner upper', productcode: 'TN-2000', unit_price: '21.00', discontinued: '1', ...ownerless },
      expect: { in: 'needsAction', field: 'productcode', says: [SAYS.partNumber, SAYS.duplicate], twin: 'product.tn.lower' }, fix: { edit: { productcode: 'TN-2000-XL' } },
    },
    {
      key: 'product.emptyCode', module: 'Products', case: 'empty Part Number',
      element: { productname: 'Nameless Code', productcode: '', unit_price: '5.00', discontinued: '1', ...ownerless },
      expect: { in: 'needsAction', field: 'productcode', says: [SAYS.partNumber] }, fix: { edit: { productcode: 'NC-001' } },
    },
    {
      key: 'product.longCode', module: 'Products', case: 'Part Number of 36 characters (Xero allows 30)',
      element: { productname: 'Long Code Part', productcode: 'LONGCODE-1234567890-ABCDEFGHIJKLMNO', unit_price: '6.00', discontinued: '1', ...ownerless },
      expect: { in: 'needsAction', field: 'productcode', says: [SAYS.partNumber, /30/] }, fix: { edit: { productcode: 'LONGCODE-12345' } },
    },
    {
      key: 'product.longName', module: 'Products', case: '255-character name (Vtiger keeps 100, Xero allows 50)',
      element: { productname: LONG_255('Extremely Long Product'), productcode: 'LONGNAME-1', unit_price: '4.00', discontinued: '1', ...ownerless },
      expect: { in: 'needsAction', field: 'productname', says: [SAYS.productName, /50/] }, fix: { edit: { productname: 'Extremely Long Product (short)' } },
    },
  );
  return out;
}

function services(): CorpusRecord[] {
  const out: CorpusRecord[] = [];
  for (let i = 1; i <= 8; i++) {
    out.push({
      key: `service.clean.${pad(i)}`, module: 'Services', case: 'clean service',
      element: { servicename: `Clean Service ${pad(i)}`, unit_price: `${50 + i}.00`, service_usageunit: 'Hours', discontinued: '1', ...(i % 2 === 0 ? { tax3: '12.5' } : {}), ...ownerless },
      expect: { in: 'xero' },
    });
  }
  out.push({
    key: 'service.longName', module: 'Services', case: '255-character name (Vtiger keeps it, Xero allows 50)',
    element: { servicename: LONG_255('Comprehensive Maintenance'), unit_price: '80.00', service_usageunit: 'Hours', discontinued: '1', ...ownerless },
    expect: { in: 'needsAction', field: 'servicename', says: [SAYS.serviceName, /50/] }, fix: { edit: { servicename: 'Comprehensive Maintenance' } },
  });
  return out;
}

interface LineSpec {
  item: string;
  quantity: string;
  listprice: string;
}

function invoice(key: string, kase: string, org: string, lines: LineSpec[], expect: FirstOutcome, extra: Record<string, unknown> = {}): CorpusRecord {
  const [first] = lines;
  return {
    key, module: 'Invoice', case: kase,
    element: {
      subject: `${kase.slice(0, 60)} (${key})`, account_id: `@${org}`, invoicedate: '2026-11-02', duedate: '2026-12-02', invoicestatus: 'Created',
      hdnTaxType: 'individual', currency_id: '21x1', bill_street: '1 Invoice Street', ship_street: '1 Invoice Street', ...ownerless, ...extra,
      LineItems: lines.map((l) => ({ productid: `@${l.item}`, quantity: l.quantity, listprice: l.listprice })),
      productid: `@${first?.item ?? ''}`,
    },
    expect,
  };
}

function invoices(): CorpusRecord[] {
  const out: CorpusRecord[] = [];
  // 21 clean ones: with the sample's 3 and the 19 dirty ones below, 43 invoices, the scale of the CRM.
  for (let i = 1; i <= 21; i++) {
    const p = ((i - 1) % 20) + 1;
    const lines: LineSpec[] = [{ item: `product.clean.${pad(p)}`, quantity: String((i % 4) + 1), listprice: `${10 + p}.50` }];
    if (i % 2 === 0) lines.push({ item: `service.clean.${pad(((i - 1) % 8) + 1)}`, quantity: '2', listprice: `${50 + (((i - 1) % 8) + 1)}.00` });
    if (i % 5 === 0) lines.push({ item: 'product.html', quantity: '10', listprice: '3.00' });
    if (i % 7 === 0) lines.push({ item: 'product.emoji', quantity: '1', listprice: '9.99' });
    const org = i % 9 === 0 ? 'org.emoji' : i % 11 === 0 ? 'org.html' : i % 13 === 0 ? 'org.long' : `org.clean.${pad(((i - 1) % 30) + 1)}`;
    out.push(invoice(`invoice.clean.${pad(i)}`, 'clean invoice', org, lines, { in: 'xero' }));
  }
  out.push(
    invoice('invoice.zeroQty', 'a line with quantity 0', 'org.clean.03', [{ item: 'product.clean.03', quantity: '0', listprice: '13.50' }, { item: 'product.clean.04', quantity: '1', listprice: '14.50' }], { in: 'xero' }),
    invoice('invoice.negativeQty', 'a line with a negative quantity (a return) on a positive invoice', 'org.clean.04', [{ item: 'product.clean.05', quantity: '5', listprice: '15.50' }, { item: 'product.clean.05', quantity: '-2', listprice: '15.50' }], { in: 'xero' }),
  );
  for (let i = 1; i <= 5; i++) {
    out.push(invoice(`invoice.taxRate.${i}`, 'taxed 22.5 %, a rate the Xero organisation lacks', `org.clean.${pad(i + 10)}`, [{ item: 'product.taxXeroLacks', quantity: String(i), listprice: '100.00' }], { in: 'waiting', cause: 'taxRate', says: [SAYS.taxRate, /22\.5/] }));
  }
  for (let i = 1; i <= 3; i++) {
    out.push(invoice(`invoice.currency.${i}`, 'in CHF, a currency the Xero organisation lacks', `org.clean.${pad(i + 15)}`, [{ item: 'product.clean.01', quantity: '1', listprice: '11.50' }], { in: 'waiting', cause: 'currency', says: [SAYS.currency] }, { currency_id: '@currency.CHF', conversion_rate: VTIGER_EXTRA_CURRENCY.rate }));
  }
  const refusedParents: Array<[string, RegExp]> = [['org.badEmail.1', SAYS.email], ['org.badEmail.2', SAYS.email], ['org.dupName.a', SAYS.duplicate], ['org.dupName.b', SAYS.duplicate]];
  refusedParents.forEach(([org, why], i) => {
    out.push(invoice(`invoice.parentRefused.${i + 1}`, `for an organization Xero refused (${org})`, org, [{ item: 'product.clean.02', quantity: '1', listprice: '12.50' }], { in: 'waiting', cause: 'parent', says: [why] }));
  });
  out.push(
    invoice('invoice.itemRefused.dup', 'a line of a product refused for its shared Part Number', 'org.clean.20', [{ item: 'product.dup777.a', quantity: '1', listprice: '7.77' }], { in: 'waiting', cause: 'item', says: [SAYS.partNumber] }),
    invoice('invoice.itemRefused.tn', 'a line of a product refused for its Part Number clash', 'org.clean.21', [{ item: 'product.tn.upper', quantity: '1', listprice: '21.00' }, { item: 'product.clean.06', quantity: '1', listprice: '16.50' }], { in: 'waiting', cause: 'item', says: [SAYS.partNumber] }),
    invoice('invoice.itemRefused.empty', 'a line of a product with an empty Part Number', 'org.clean.22', [{ item: 'product.emptyCode', quantity: '3', listprice: '5.00' }], { in: 'waiting', cause: 'item', says: [SAYS.partNumber] }),
    invoice('invoice.itemRefused.service', 'a line of a service refused for its name', 'org.clean.23', [{ item: 'service.longName', quantity: '2', listprice: '80.00' }], { in: 'waiting', cause: 'item', says: [SAYS.serviceName] }),
  );
  // Approved and sent last week (its organization and product are the sample's), so Xero has locked it; its due
  // date was changed in Vtiger since (LOCKED_LAST_WEEK).
  out.push({
    key: 'invoice.locked', module: 'Invoice', case: 'approved and sent to Xero last week (locked there), edited in Vtiger since',
    element: {
      subject: 'Approved last week, edited since (invoice.locked)', account_id: '11x4', invoicedate: '2026-11-02', duedate: '2026-12-02', invoicestatus: 'Approved',
      hdnTaxType: 'individual', currency_id: '21x1', bill_street: '1 Invoice Street', ship_street: '1 Invoice Street', ...ownerless,
      LineItems: [{ productid: '14x11', quantity: '2', listprice: '49.50' }], productid: '14x11',
    },
    expect: { in: 'waiting', cause: 'locked', says: [SAYS.locked, /waits/] },
  });
  return out;
}

/** Every record of the corpus, parents before the records that name them. */
export function dirtyCrmCorpus(): CorpusRecord[] {
  return [...organizations(), ...contacts(), ...products(), ...services(), ...invoices()];
}

export const DIRTY_CRM_FAULTS: CorpusFaults = { deleteBeforeWrite: 'contact.deleted', http500OnWrite: 'contact.http500' };

/**
 * Invoices sent to Xero last week ("sync now") and approved, so Xero has locked them, then edited in Vtiger: the
 * first run finds a change Xero refuses. The bookkeeper voids them in Xero (`XERO_FIXES`) between the runs.
 */
export const LOCKED_LAST_WEEK: Array<{ key: string; edit: Record<string, string> }> = [{ key: 'invoice.locked', edit: { duedate: '2026-12-16' } }];

/**
 * Two contacts synced last week ("sync now" on them, before the rest of the CRM was written), whose mobile numbers
 * the accountant has since changed in Xero. The next run writes those numbers to Vtiger — the Vtiger writes the
 * faults above hit. `mayChange` are the Vtiger fields that write is meant to change.
 */
export const SYNCED_LAST_WEEK: Array<{ key: string; xeroChange: Record<string, unknown>; mayChange: string[] }> = [
  { key: 'contact.http500', xeroChange: { Phones: [{ PhoneType: 'MOBILE', PhoneCountryCode: '1', PhoneAreaCode: '555', PhoneNumber: '0901' }] }, mayChange: ['mobile'] },
  { key: 'contact.deleted', xeroChange: { Phones: [{ PhoneType: 'MOBILE', PhoneCountryCode: '1', PhoneAreaCode: '555', PhoneNumber: '0902' }] }, mayChange: ['mobile'] },
];
