<?php
/**
 * XTiger's install hook as named, symmetric steps. Each add step is idempotent (a reinstall or enable repeats it
 * safely); each remove step undoes exactly its add step.
 *
 *   install (postinstall, enabled, postupdate): bridge table, fields (on update also renaming the picklist values an
 *            earlier version stored under another name), block strings, links, related lists, Settings entry,
 *            the invoice status "Partially Paid"
 *   disable: the reverse, except that the fields are hidden rather than deleted: they hold the Xero ids, and
 *            losing them would make the next sync create every record in Xero again
 *   uninstall (preuninstall): disable, then delete the fields, the block, their picklist tables and the bridge table, and
 *            "Partially Paid" when XTiger added it and no invoice uses it (disable keeps it: invoices hold it),
 *            and last XTiger's files in Vtiger's tree (modules/, languages/, layouts/)
 */
$xtigerInstallDir = dirname(__FILE__);
require_once dirname($xtigerInstallDir) . '/lib/Definitions.php';
require_once $xtigerInstallDir . '/InstallLog.php';
require_once $xtigerInstallDir . '/BridgeTable.php';
require_once $xtigerInstallDir . '/RenamedPicklistValues.php';
require_once $xtigerInstallDir . '/HostFields.php';
require_once $xtigerInstallDir . '/HostLanguage.php';
require_once $xtigerInstallDir . '/HostLinks.php';
require_once $xtigerInstallDir . '/HostRelatedLists.php';
require_once $xtigerInstallDir . '/SettingsEntry.php';
require_once $xtigerInstallDir . '/InvoiceStatusValue.php';
require_once dirname($xtigerInstallDir) . '/ModuleFiles.php';

class XTiger_InstallSteps {

	public static function install() {
		XTiger_BridgeTable::add();
		XTiger_HostFields::add();
		XTiger_HostLanguage::add();
		XTiger_HostLinks::add();
		XTiger_HostRelatedLists::add();
		XTiger_SettingsEntry::add();
		XTiger_InvoiceStatusValue::add();
	}

	public static function disable() {
		XTiger_SettingsEntry::remove();
		XTiger_HostRelatedLists::remove();
		XTiger_HostLinks::remove();
		XTiger_HostLanguage::remove();
		XTiger_HostFields::hide();
	}

	public static function uninstall() {
		self::disable();
		XTiger_HostFields::remove();
		XTiger_BridgeTable::remove();
		XTiger_InvoiceStatusValue::remove();
		// Last: the code above is loaded already; Vtiger's own uninstall removes no file.
		XTiger_ModuleFiles::remove('XTiger');
	}
}
