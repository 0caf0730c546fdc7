/**
 * What the demo organisation's bookkeeper has already entered in Xero before XTiger is connected, and what they do
 * in Xero between two syncs — all through Xero's API (xero-node pointed at the sandbox), as the Xero web app would.
 * The first sync then matches what exists on both sides (Acme Corporation, Widget A), brings Xero's own records
 * into Vtiger (Wayne Enterprises, the consulting item and its invoice) and sends Vtiger's to Xero; the payment
 * entered afterwards comes back to the Vtiger invoice.
 */
import { Invoice, LineAmountTypes } from 'xero-node';
import type { XeroSandbox } from '../../server/xeroSandbox/index.js';
import { sdkClientFor } from '../../server/xeroSandbox/testing/sdkClient.js';

export const XERO_OWN = {
  /** Also a Vtiger organization (ACC1): matched by name on the first sync, not duplicated. */
  matchedContact: 'Acme Corporation',
  /** Only in Xero: created in Vtiger as an organization. */
  xeroOnlyContact: 'Wayne Enterprises',
  /** Also a Vtiger product (PRO1, Part Number WID-001): matched by code. */
  matchedItemCode: 'WID-001',
  /** Only in Xero: created in Vtiger. */
  xeroOnlyItemCode: 'CONSULT-HR',
  xeroOnlyInvoiceReference: 'Entered in Xero',
} as const;

export async function enterXeroBookkeeping(sandbox: XeroSandbox): Promise<void> {
  const xero = sdkClientFor(sandbox);
  const tenant = sandbox.demoTenantId;
  await xero.accountingApi.createContacts(tenant, {
    contacts: [
      { name: XERO_OWN.matchedContact, emailAddress: 'accounts@acme.example', phones: [] },
      { name: XERO_OWN.xeroOnlyContact, emailAddress: 'ap@wayne.example', accountNumber: 'WAYNE-01' },
    ],
  });
  await xero.accountingApi.createItems(tenant, {
    items: [
      { code: XERO_OWN.matchedItemCode, name: 'Widget A', salesDetails: { unitPrice: 19.99, accountCode: '200' } },
      { code: XERO_OWN.xeroOnlyItemCode, name: 'Consulting (hour)', description: 'Consulting, per hour', salesDetails: { unitPrice: 120, accountCode: '200' } },
    ],
  });
  const { body } = await xero.accountingApi.getContacts(tenant, undefined, `Name=="${XERO_OWN.xeroOnlyContact}"`);
  const wayne = body.contacts?.[0]?.contactID;
  if (!wayne) throw new Error(`the sandbox did not keep ${XERO_OWN.xeroOnlyContact}`);
  await xero.accountingApi.createInvoices(tenant, {
    invoices: [
      {
        type: Invoice.TypeEnum.ACCREC,
        contact: { contactID: wayne },
        date: '2026-11-20',
        dueDate: '2026-12-20',
        reference: XERO_OWN.xeroOnlyInvoiceReference,
        status: Invoice.StatusEnum.AUTHORISED,
        lineAmountTypes: LineAmountTypes.Exclusive,
        lineItems: [{ itemCode: XERO_OWN.xeroOnlyItemCode, description: 'Consulting, per hour', quantity: 6, unitAmount: 120, taxType: 'NONE', accountCode: '200' }],
      },
    ],
  });
}

/** The bookkeeper records a payment in Xero, into the business bank account, against a synced invoice. */
export async function recordXeroPayment(sandbox: XeroSandbox, invoiceNumber: string, amount: number): Promise<void> {
  const xero = sdkClientFor(sandbox);
  const tenant = sandbox.demoTenantId;
  const { body } = await xero.accountingApi.getInvoices(tenant, undefined, `InvoiceNumber=="${invoiceNumber}"`);
  const invoiceID = body.invoices?.[0]?.invoiceID;
  if (!invoiceID) throw new Error(`invoice ${invoiceNumber} is not in Xero`);
  await xero.accountingApi.createPayment(tenant, { invoice: { invoiceID }, account: { code: '090' }, amount, date: '2026-12-01' });
}
