<?php
/**
 * What XTiger adds to Vtiger, read from XTigerDefinitions.php — a file generated at zip-build time from the
 * backend's server/vtiger/xeroInformationBlock.ts, so PHP and TypeScript share one definition.
 */
class XTiger_Definitions {

	/** @var array|null */
	private static $data = null;

	public static function all() {
		if (self::$data === null) {
			self::$data = require dirname(__DIR__) . '/XTigerDefinitions.php';
		}
		return self::$data;
	}

	public static function blockLabel() {
		$data = self::all();
		return $data['blockLabel'];
	}

	/** Names of the synced modules (Contacts, Accounts, Products, Services, Invoice). */
	public static function hostModules() {
		$data = self::all();
		return array_keys($data['modules']);
	}

	public static function customFieldTable($hostModule) {
		$data = self::all();
		return $data['modules'][$hostModule]['customFieldTable'];
	}

	/** The Xero Information fields of one synced module, in block order. */
	public static function fieldsFor($hostModule) {
		$data = self::all();
		return $data['modules'][$hostModule]['fields'];
	}

	public static function headerScript() {
		$data = self::all();
		return $data['headerScript'];
	}

	public static function moduleLinks() {
		$data = self::all();
		return $data['moduleLinks'];
	}

	public static function relatedLists() {
		$data = self::all();
		return $data['relatedLists'];
	}

	public static function settingsEntry() {
		$data = self::all();
		return $data['settingsEntry'];
	}

	/** Names of every picklist field of the block (each owns a global table vtiger_<fieldname>). */
	public static function picklistFieldNames() {
		$names = array();
		foreach (self::hostModules() as $hostModule) {
			foreach (self::fieldsFor($hostModule) as $field) {
				if (!empty($field['picklistValues'])) {
					$names[$field['fieldname']] = true;
				}
			}
		}
		return array_keys($names);
	}

	/**
	 * Every string XTiger shows inside a host module's pages: the block label, the field labels, the picklist
	 * values, the link labels, and Invoice's "Partially Paid" status. Vtiger translates them through the host module's language strings.
	 */
	public static function hostStringKeys($hostModule) {
		$keys = array(self::blockLabel());
		foreach (self::moduleLinks() as $link) {
			$keys[] = $link['linklabel'];
		}
		foreach (self::fieldsFor($hostModule) as $field) {
			$keys[] = $field['label'];
			foreach ($field['picklistValues'] as $value) {
				$keys[] = $value;
			}
		}
		if ($hostModule === 'Invoice') {
			// The invoice status XTiger adds to Vtiger's own picklist (install/InvoiceStatusValue.php).
			$keys[] = 'Partially Paid';
		}
		return array_values(array_unique($keys));
	}
}
