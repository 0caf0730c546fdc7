/**
 * Invoices, payments, bank transactions, items and tax rates through xero-node: totals with mixed tax rates and
 * discounts against hand-computed values, unitdp=4, payments to PAID, locked AUTHORISED/PAID invoices, and the
 * organisation's accounts, currencies and tax types enforced.
 */
import { describe, expect, it } from 'vitest';
import type { BankTransactions, Invoice, Invoices, Items, Payment, TaxRates } from 'xero-node';
import { createVirtualClock } from './clock.js';
import { sdkClientFor, sdkError } from './testing/sdkClient.js';
import { useXeroSandbox } from './testing/useXeroSandbox.js';

const ctx = useXeroSandbox({ clock: createVirtualClock(), limits: { perMinute: 10_000 } });
const invoices = (list: object[]): Invoices => ({ invoices: list }) as unknown as Invoices;
const t = (): string => ctx.sandbox.demoTenantId;

async function createOne(body: object, unitdp?: number): Promise<Invoice> {
  const res = await sdkClientFor(ctx.sandbox).accountingApi.createInvoices(t(), invoices([body]), false, unitdp);
  const inv = res.body.invoices?.[0];
  if (inv === undefined) throw new Error('no invoice returned');
  return inv;
}

describe('Invoices', () => {
  it('computes totals per line, tax rounded to 2 dp per line then summed, with rate and amount discounts (hand-computed)', async () => {
    const inv = await createOne({
      type: 'ACCREC', contact: { name: 'Totals Customer' }, date: '2026-01-05', dueDate: '2026-02-04', status: 'AUTHORISED',
      lineItems: [
        { description: 'Consulting', quantity: 3, unitAmount: 19.99, discountRate: 15, accountCode: '200', taxType: 'TAX003' }, // 50.97, tax 6.37
        { description: 'Licences', quantity: 2, unitAmount: 100, discountAmount: 12.5, accountCode: '200', taxType: 'TAX004' }, // 187.50, tax 27.19
        { description: 'Stamp', quantity: 1, unitAmount: 0.05, accountCode: '200', taxType: 'TAX002' }, // 0.05, tax 0.005 → 0.01
        { description: 'Widgets', quantity: 7, unitAmount: 1.4285, accountCode: '200', taxType: 'TAX001' }, // 9.9995 → 10.00, tax 0.45
        { description: 'Exempt fee', quantity: 1, unitAmount: 40, accountCode: '260', taxType: 'NONE' }, // 40.00, tax 0
      ],
    }, 4);
    expect(inv.statusAttributeString).toBe('OK');
    expect(inv.lineItems?.map((l) => [l.lineAmount, l.taxAmount])).toEqual([[50.97, 6.37], [187.5, 27.19], [0.05, 0.01], [10, 0.45], [40, 0]]);
    expect([inv.subTotal, inv.totalTax, inv.total, inv.totalDiscount, inv.amountDue, inv.amountPaid]).toEqual([288.52, 34.02, 322.54, 21.5, 322.54, 0]);
    expect(inv.invoiceNumber).toMatch(/^INV-\d{4}$/);
    expect(inv.lineItems?.[3]?.unitAmount).toBe(1.4285);
    const xero = sdkClientFor(ctx.sandbox);
    expect((await xero.accountingApi.getInvoice(t(), inv.invoiceID ?? '')).body.invoices?.[0]?.lineItems?.[3]?.unitAmount).toBe(1.43);
    expect((await xero.accountingApi.getInvoice(t(), inv.invoiceID ?? '', 4)).body.invoices?.[0]?.lineItems?.[3]?.unitAmount).toBe(1.4285);
  });

  it('takes tax out of Inclusive lines on a bill, and refuses discounts on bills', async () => {
    const bill = await createOne({
      type: 'ACCPAY', contact: { name: 'Supplier One' }, lineAmountTypes: 'Inclusive', invoiceNumber: 'SUP-77',
      lineItems: [
        { description: 'Combined tax', quantity: 1, unitAmount: 114.5, accountCode: '400', taxType: 'TAX004' }, // tax 14.50
        { description: 'Paper', quantity: 2, unitAmount: 10.99, accountCode: '453' }, // INPUT 7.5 %: 21.98 × 7.5/107.5 = 1.53
      ],
    });
    expect(bill.lineItems?.[1]?.taxType).toBe('INPUT');
    expect([bill.subTotal, bill.totalTax, bill.total]).toEqual([120.45, 16.03, 136.48]);
    const discounted = await createOne({ type: 'ACCPAY', contact: { name: 'Supplier One' }, lineItems: [{ description: 'x', quantity: 1, unitAmount: 10, discountRate: 5, accountCode: '400' }] });
    expect(discounted.validationErrors?.map((v) => v.message)).toEqual(['Discounts can only be applied to sales invoices.']);
  });

  it('checks account codes, tax types and currencies against the organisation', async () => {
    ctx.sandbox.org(t()).accounts.archive('429');
    const bad = await createOne({
      type: 'ACCREC', contact: { name: 'Checks Ltd' }, currencyCode: 'CHF',
      lineItems: [{ description: 'a', quantity: 1, unitAmount: 1, accountCode: '429' }, { description: 'b', quantity: 1, unitAmount: 1, accountCode: '999' }, { description: 'c', quantity: 1, unitAmount: 1, accountCode: '200', taxType: 'GST' }],
    });
    expect(bad.statusAttributeString).toBe('ERROR');
    expect(bad.validationErrors?.map((v) => v.message)).toEqual([
      'The currency code CHF is not valid for this organisation.',
      "Account code '429' has been archived, or has been deleted. Each line item must reference a valid account.",
      "Account code '999' is not a valid code for this document.",
      "The TaxType code 'GST' does not exist or cannot be used for this type of transaction.",
    ]);
  });

  it('a payment reduces AmountDue, an overpayment is refused, paying the rest makes the invoice PAID', async () => {
    const xero = sdkClientFor(ctx.sandbox);
    const inv = await createOne({ type: 'ACCREC', contact: { name: 'Payer Inc' }, status: 'AUTHORISED', lineItems: [{ description: 'Service', quantity: 1, unitAmount: 200, accountCode: '200', taxType: 'TAX002' }] });
    expect(inv.total).toBe(220);
    const pay = (amount: number, code = '090'): Payment => ({ invoice: { invoiceID: inv.invoiceID }, account: { code }, amount, date: '2026-01-10' }) as Payment;
    const first = await xero.accountingApi.createPayment(t(), pay(100));
    expect(first.body.payments?.[0]).toMatchObject({ amount: 100, status: 'AUTHORISED', paymentType: 'ACCRECPAYMENT' });
    let after = (await xero.accountingApi.getInvoice(t(), inv.invoiceID ?? '')).body.invoices?.[0];
    expect([after?.status, after?.amountDue, after?.amountPaid]).toEqual(['AUTHORISED', 120, 100]);

    const over = sdkError(await xero.accountingApi.createPayment(t(), pay(120.01)).catch((e: unknown) => e));
    expect(over.statusCode).toBe(400);
    expect(JSON.stringify(over.body)).toContain('Payment amount exceeds the amount outstanding on this document.');
    const notBank = sdkError(await xero.accountingApi.createPayment(t(), pay(10, '200')).catch((e: unknown) => e));
    expect(JSON.stringify(notBank.body)).toContain("Account code '200' is not a bank account");

    await xero.accountingApi.createPayments(t(), { payments: [pay(120)] }, false);
    after = (await xero.accountingApi.getInvoice(t(), inv.invoiceID ?? '')).body.invoices?.[0];
    expect([after?.status, after?.amountDue, after?.amountPaid, after?.payments?.length]).toEqual(['PAID', 0, 220, 2]);
    expect(after?.fullyPaidOnDate).toBeDefined();
    const paid = await xero.accountingApi.getInvoices(t(), undefined, undefined, undefined, [inv.invoiceID ?? ''], undefined, undefined, ['PAID']);
    expect(paid.body.invoices?.map((i) => i.invoiceID)).toEqual([inv.invoiceID]);
    expect((await xero.accountingApi.getPayments(t(), undefined, `Invoice.InvoiceID==Guid("${inv.invoiceID ?? ''}")`)).body.payments).toHaveLength(2);
    const draft = await createOne({ type: 'ACCREC', contact: { name: 'Payer Inc' }, lineItems: [{ description: 'd', quantity: 1, unitAmount: 5, accountCode: '200' }] });
    expect(JSON.stringify(sdkError(await xero.accountingApi.createPayment(t(), { ...pay(1), invoice: { invoiceID: draft.invoiceID } } as Payment).catch((e: unknown) => e)).body)).toContain('Invoice not of valid status for payment');
  });

  it('locks AUTHORISED and PAID invoices against line changes with Xero\'s messages; an AUTHORISED one can be voided', async () => {
    const xero = sdkClientFor(ctx.sandbox);
    const inv = await createOne({ type: 'ACCREC', contact: { name: 'Locked Co' }, status: 'AUTHORISED', lineItems: [{ description: 'x', quantity: 1, unitAmount: 50, accountCode: '200' }] });
    const edit = sdkError(await xero.accountingApi.updateInvoice(t(), inv.invoiceID ?? '', invoices([{ lineItems: [{ description: 'x', quantity: 2, unitAmount: 50, accountCode: '200' }] }])).catch((e: unknown) => e));
    expect(edit.statusCode).toBe(400);
    expect(edit.body).toMatchObject({ Type: 'ValidationException' });
    expect((edit.body['Elements'] as { ValidationErrors: { Message: string }[] }[])[0]?.ValidationErrors[0]?.Message).toBe('Invoice not of valid status for modification');
    expect((await xero.accountingApi.updateInvoice(t(), inv.invoiceID ?? '', invoices([{ reference: 'PO-1' }]))).body.invoices?.[0]?.reference).toBe('PO-1');

    await xero.accountingApi.createPayment(t(), { invoice: { invoiceID: inv.invoiceID }, account: { code: '091' }, amount: inv.total } as Payment);
    const paidEdit = sdkError(await xero.accountingApi.updateInvoice(t(), inv.invoiceID ?? '', invoices([{ lineItems: [] }])).catch((e: unknown) => e));
    expect(JSON.stringify(paidEdit.body)).toContain('This document cannot be edited as it has a payment or credit note allocated to it.');

    const other = await createOne({ type: 'ACCREC', contact: { name: 'Locked Co' }, status: 'AUTHORISED', lineItems: [{ description: 'y', quantity: 1, unitAmount: 5, accountCode: '200' }] });
    expect((await xero.accountingApi.updateInvoice(t(), other.invoiceID ?? '', invoices([{ status: 'VOIDED' }]))).body.invoices?.[0]?.status).toBe('VOIDED');
  });
});

describe('Bank transactions, items and tax rates', () => {
  it('records money received on a BANK account and refuses any other account', async () => {
    const xero = sdkClientFor(ctx.sandbox);
    const body = (code: string) => ({ bankTransactions: [{ type: 'RECEIVE', contact: { name: 'Walk-in Customer' }, bankAccount: { code }, date: '2026-01-06', lineItems: [{ description: 'Cash sale', quantity: 1, unitAmount: 50, accountCode: '260', taxType: 'TAX002' }] }] }) as unknown as BankTransactions;
    const ok = await xero.accountingApi.createBankTransactions(t(), body('090'), false);
    expect(ok.body.bankTransactions?.[0]).toMatchObject({ type: 'RECEIVE', status: 'AUTHORISED', subTotal: 50, totalTax: 5, total: 55, statusAttributeString: 'OK' });
    const bad = await xero.accountingApi.createBankTransactions(t(), body('200'), false);
    expect(bad.body.bankTransactions?.[0]?.validationErrors?.map((v) => v.message)).toEqual(["Account code '200' is not a bank account."]);
    expect((await xero.accountingApi.getBankTransactions(t())).body.bankTransactions).toHaveLength(1);
  });

  it('items: Code unique and at most 30 characters, Name at most 50; a line with an ItemCode takes the item defaults', async () => {
    const xero = sdkClientFor(ctx.sandbox);
    const items = (list: object[]) => ({ items: list }) as unknown as Items;
    const res = await xero.accountingApi.createItems(t(), items([
      { code: 'WIDGET-1', name: 'Widget', description: 'A widget', salesDetails: { unitPrice: 12.5, accountCode: '200', taxType: 'TAX002' } },
      { code: 'widget-1', name: 'Duplicate' },
      { code: 'C'.repeat(31), name: 'N'.repeat(51) },
    ]), false);
    expect(res.body.items?.map((i) => i.validationErrors?.map((v) => v.message) ?? [])).toEqual([
      [], ["Item code 'widget-1' already exists."], ['Item Code must not be more than 30 characters long.', 'Item Name must not be more than 50 characters long.'],
    ]);
    const inv = await createOne({ type: 'ACCREC', contact: { name: 'Item Buyer' }, lineItems: [{ itemCode: 'WIDGET-1', quantity: 2 }] });
    expect(inv.lineItems?.[0]).toMatchObject({ description: 'A widget', unitAmount: 12.5, accountCode: '200', taxType: 'TAX002', lineAmount: 25, taxAmount: 2.5 });
    expect((await xero.accountingApi.getItems(t(), undefined, 'Code=="WIDGET-1"')).body.items).toHaveLength(1);
  });

  it('seeds the demo organisation (accounts, currencies, tax rates) and creates a tax rate from components', async () => {
    const xero = sdkClientFor(ctx.sandbox);
    const accounts = (await xero.accountingApi.getAccounts(t())).body.accounts ?? [];
    expect(accounts.filter((a) => String(a.type) === 'BANK').map((a) => a.code)).toEqual(['090', '091']);
    expect(accounts.find((a) => a.code === '860')?.systemAccount).toBe('ROUNDING');
    expect(accounts.find((a) => a.code === '425')?.status).toBe('ARCHIVED');
    expect((await xero.accountingApi.getAccounts(t(), undefined, 'Type=="BANK"')).body.accounts).toHaveLength(2);
    expect((await xero.accountingApi.getCurrencies(t())).body.currencies?.map((c) => c.code)).toEqual(expect.arrayContaining(['USD', 'EUR', 'GBP', 'JPY']));
    const rates = (await xero.accountingApi.getTaxRates(t())).body.taxRates ?? [];
    expect(rates.map((r) => r.taxType)).toEqual(expect.arrayContaining(['OUTPUT', 'INPUT', 'NONE', 'EXEMPTOUTPUT']));
    const combined = rates.find((r) => r.name === 'VAT + Sales');
    expect([combined?.effectiveRate, combined?.taxComponents?.map((c) => c.rate)]).toEqual([14.5, [4.5, 10]]);
    expect(rates.filter((r) => ['VAT', 'Sales', 'Service'].includes(r.name ?? '')).map((r) => r.effectiveRate)).toEqual([4.5, 10, 12.5]);

    const created = await xero.accountingApi.createTaxRates(t(), { taxRates: [{ name: 'GST 5', taxComponents: [{ name: 'GST', rate: 5, isCompound: false }] }] } as TaxRates);
    expect(created.body.taxRates?.[0]).toMatchObject({ taxType: 'TAX006', effectiveRate: 5, status: 'ACTIVE' });
    const inv = await createOne({ type: 'ACCREC', contact: { name: 'GST Buyer' }, lineItems: [{ description: 'x', quantity: 1, unitAmount: 80, accountCode: '200', taxType: 'TAX006' }] });
    expect(inv.totalTax).toBe(4);
  });
});
