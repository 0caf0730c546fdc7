import type { PostInstallHook } from '../importModule.js';
import { addField, getOrAddBlock, setPicklistValues } from '../vtlibFields.js';
import { addLink, setRelatedList } from '../vtlibLinks.js';
import { configureRecordNumbering, requireModule } from '../vtlibModule.js';

/**
 * The postinstall hook of the golden test module XTGolden (../shared/vtiger/golden/README.md), in the test
 * installer's vtlib steps: record numbering XTG, a LBL_XERO_INFORMATION block with a checkbox on Contacts and
 * Invoice and a picklist on Invoice, a HEADERSCRIPT link, a Contacts mass action and the Contacts → XTGolden
 * related list. Installing XTGolden with it must give exactly the rows of install-diff.sql.
 */
export const xtGoldenPostInstall: PostInstallHook = async (db, module, fields) => {
  await configureRecordNumbering(db, 'XTGolden', 'XTG', '1');
  const contacts = await requireModule(db, 'Contacts');
  const invoice = await requireModule(db, 'Invoice');
  const allowSync = { name: 'cf_xt_allow_sync', label: 'Allow XTiger Sync', column: 'xt_allow_sync', columntype: "varchar(3) DEFAULT '0'", uitype: 56, typeofdata: 'C~O' };
  await addField(db, await getOrAddBlock(db, contacts, 'LBL_XERO_INFORMATION'), { ...allowSync, table: 'vtiger_contactscf' });
  const invoiceBlock = await getOrAddBlock(db, invoice, 'LBL_XERO_INFORMATION');
  await addField(db, invoiceBlock, { ...allowSync, table: 'vtiger_invoicecf' });
  const type = await addField(db, invoiceBlock, { name: 'xt_invoice_type', label: 'XTiger Invoice Type', table: 'vtiger_invoicecf', uitype: 16, typeofdata: 'V~O' });
  await setPicklistValues(db, type, ['Invoice', 'Bill', 'Receipt']);
  await addLink(db, 0, 'HEADERSCRIPT', 'XTGoldenHeaderScript', 'layouts/v7/modules/XTGolden/resources/x.js');
  await addLink(db, contacts.tabid, 'LISTVIEWMASSACTION', 'Sync to XTiger', 'javascript:XTGolden_Sync.massSync();');
  const relatedTo = fields.get('related_to');
  if (!relatedTo) throw new Error('XTGolden has no related_to field');
  await setRelatedList(db, contacts, module, 'XTGolden', ['ADD'], 'get_dependents_list', relatedTo.fieldid);
};
