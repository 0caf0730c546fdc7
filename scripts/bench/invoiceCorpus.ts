/**
 * The invoice benchmark's corpus: Vtiger invoice elements for the webservice `create`, generated from a seed so
 * a run can be repeated. Covers individual and group tax, one to three taxes per line, line percent and amount
 * discounts, overall percent and amount discounts, S&H with and without tax, adjustments, zero and fractional
 * quantities, 4-decimal prices, several currencies (one the Xero organisation does not use), the three Xero
 * invoice types, and now and then a credit (negative quantity) — things Xero must refuse with a reason.
 */
export interface CorpusCatalog {
  /** Webservice ids of products by their taxes, e.g. `tax1+tax2` → `14x20`; `''` = a product without tax. */
  productsByTaxes: Record<string, string>;
  /** Webservice id of a service (tax3). */
  service: string;
  /** Organizations (webservice ids) invoices go to. */
  accounts: string[];
  /** Currency webservice ids: the base currency first. */
  currencies: string[];
}

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GROUP_TAX_SETS: Array<Record<string, string>> = [
  { tax1: '4.500', tax2: '0', tax3: '0' },
  { tax1: '0', tax2: '10.000', tax3: '0' },
  { tax1: '4.500', tax2: '10.000', tax3: '0' },
  { tax1: '0', tax2: '10.000', tax3: '12.500' },
  { tax1: '4.500', tax2: '10.000', tax3: '12.500' },
  { tax1: '4.500', tax2: '0', tax3: '12.500' },
];

export function generateInvoiceCorpus(count: number, seed: number, catalog: CorpusCatalog): Array<Record<string, unknown>> {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const amount = (max: number, dp: number) => (rand() * max).toFixed(dp);
  const productKeys = Object.keys(catalog.productsByTaxes);
  const out: Array<Record<string, unknown>> = [];
  for (let n = 0; n < count; n++) {
    const group = rand() < 0.35;
    const groupTaxes = pick(GROUP_TAX_SETS);
    const credit = rand() < 0.01;
    const lines = Array.from({ length: 1 + Math.floor(rand() * 5) }, (_, i) => {
      const r = rand();
      const product = rand() < 0.15 ? catalog.service : (catalog.productsByTaxes[pick(productKeys)] as string);
      const quantity = credit && i === 0 ? '-3' : pick(['1', '2', '3', '0', '0.5', '1.25', '2.125', '10', '12', String(1 + Math.floor(rand() * 40))]);
      return {
        productid: product,
        quantity,
        listprice: amount(400, pick([2, 2, 3, 4, 4])),
        ...(r < 0.2 ? { discount_percent: pick(['5', '10', '12.5', '15', '33.333']) } : r < 0.32 ? { discount_amount: amount(8, 2) } : {}),
        ...(group ? groupTaxes : {}),
        ...(rand() < 0.2 ? { comment: `Note ${n}.${i}` } : {}),
      };
    });
    const d = rand();
    const shipping = rand() < 0.35;
    const adjustment = rand() < 0.15;
    out.push({
      subject: `Bench invoice ${n + 1}`,
      account_id: pick(catalog.accounts),
      invoicedate: `2025-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`,
      invoicestatus: pick(['Created', 'Approved', 'Sent', 'Sent']),
      hdnTaxType: group ? 'group' : 'individual',
      ...(d < 0.22 ? { hdnDiscountPercent: pick(['2', '5', '7.5', '10', '3.333']) } : d < 0.35 ? { hdnDiscountAmount: amount(25, 2) } : {}),
      ...(shipping ? { 'shipping_&_handling': amount(30, 2), ...(rand() < 0.5 ? { 'shipping_&_handling_shtax2': '10.000' } : {}) } : {}),
      ...(adjustment ? { txtAdjustment: (rand() < 0.5 ? '-' : '') + amount(5, 2) } : {}),
      bill_street: '1 Bench Street',
      ship_street: '1 Bench Street',
      assigned_user_id: '19x1',
      currency_id: rand() < 0.85 ? catalog.currencies[0] : pick(catalog.currencies.slice(1)),
      xt_invoice_type: rand() < 0.8 ? 'Sales Invoice' : rand() < 0.5 ? 'Bill' : 'Receipt',
      LineItems: lines,
    });
  }
  return out;
}
