/**
 * Links into Xero's web app for a record (Xero's "Deep link to Xero" guide): with the organisation's ShortCode the
 * link opens the right organisation (`organisationlogin/default.aspx?shortcode=…&redirecturl=…`); without it, the
 * path opens in whichever organisation the browser has open. Items have no deep link of their own: the link opens
 * the organisation's Products and Services list (`exact: false`). Pure.
 */
export type XeroLinkKind = 'contact' | 'item' | 'invoice' | 'bill' | 'receipt';

const GO = 'https://go.xero.com';

function pathOf(kind: XeroLinkKind, id: string): { path: string; exact: boolean } {
  const e = encodeURIComponent(id);
  switch (kind) {
    case 'contact':
      return { path: `/Contacts/View/${e}`, exact: true };
    case 'invoice':
      return { path: `/AccountsReceivable/View.aspx?InvoiceID=${e}`, exact: true };
    case 'bill':
      return { path: `/AccountsPayable/Edit.aspx?InvoiceID=${e}`, exact: true };
    case 'receipt':
      return { path: `/Bank/ViewTransaction.aspx?bankTransactionID=${e}`, exact: true };
    case 'item':
      return { path: '/Accounts/Inventory/', exact: false };
  }
}

export function xeroDeepLink(kind: XeroLinkKind, xeroId: string, shortCode: string | undefined): { url: string; kind: XeroLinkKind; exact: boolean } {
  // A person on an organization's contact is stored as "<ContactID>#person:<crmid>": link the contact.
  const id = xeroId.split('#')[0] ?? xeroId;
  const { path, exact } = pathOf(kind, id);
  const url = shortCode
    ? `${GO}/organisationlogin/default.aspx?shortcode=${encodeURIComponent(shortCode)}&redirecturl=${encodeURIComponent(path)}`
    : `${GO}${path}`;
  return { url, kind, exact };
}
