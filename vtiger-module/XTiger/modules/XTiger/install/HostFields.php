<?php
/**
 * The "Xero Information" block and its fields on the synced modules (Contacts, Accounts, Products, Services,
 * Invoice), through vtlib as Vtiger's own Layout Editor would add them.
 *
 * add()    creates what is missing and makes hidden fields visible again (idempotent: enable after disable), and
 *          renames picklist values an earlier version stored under another name (install/RenamedPicklistValues.php);
 * hide()   hides the fields on disable, keeping the Xero ids so a re-enable does not duplicate records in Xero;
 * remove() deletes the fields (Vtiger drops their columns), the block when it is left empty, and the global
 *          picklist tables vtiger_<fieldname> that Vtiger's own uninstall would leave behind.
 */
class XTiger_HostFields {

	const PRESENCE_VISIBLE = 2;
	const PRESENCE_HIDDEN = 1;

	public static function add() {
		foreach (XTiger_Definitions::hostModules() as $hostName) {
			$host = Vtiger_Module::getInstance($hostName);
			if (!$host) {
				XTiger_InstallLog::note("skip Xero block on $hostName: module not installed");
				continue;
			}
			$block = self::ensureBlock($host);
			foreach (XTiger_Definitions::fieldsFor($hostName) as $definition) {
				$field = Vtiger_Field::getInstance($definition['fieldname'], $host);
				if (!$field) {
					$field = self::createField($host, $block, $hostName, $definition);
				} elseif ((int) $field->presence === self::PRESENCE_HIDDEN) {
					self::setPresence($host, $definition['fieldname'], self::PRESENCE_VISIBLE);
				}
				if (!empty($definition['picklistValues'])) {
					// Renamed first (the field is visible again by now: Vtiger's rename follows visible fields only), so an
					// update keeps the old value's id and order instead of adding the new name as a value of its own.
					XTiger_RenamedPicklistValues::apply($hostName, $field, $definition['renamedPicklistValues']);
					self::addMissingPicklistValues($field, $definition['picklistValues']);
				}
			}
		}
	}

	public static function hide() {
		foreach (XTiger_Definitions::hostModules() as $hostName) {
			$host = Vtiger_Module::getInstance($hostName);
			if (!$host) {
				continue;
			}
			foreach (XTiger_Definitions::fieldsFor($hostName) as $definition) {
				self::setPresence($host, $definition['fieldname'], self::PRESENCE_HIDDEN);
			}
		}
	}

	public static function remove() {
		foreach (XTiger_Definitions::hostModules() as $hostName) {
			$host = Vtiger_Module::getInstance($hostName);
			if (!$host) {
				continue;
			}
			foreach (XTiger_Definitions::fieldsFor($hostName) as $definition) {
				$field = Vtiger_Field::getInstance($definition['fieldname'], $host);
				if ($field && self::fieldDeleteCrashes($hostName)) {
					self::deleteWithoutEvents($host, $field);
				} elseif ($field) {
					$field->delete();
				}
			}
			$block = Vtiger_Block::getInstance(XTiger_Definitions::blockLabel(), $host);
			if ($block && !self::blockHasFields($block)) {
				$block->delete(false);
			}
		}
		self::dropUnusedPicklistTables();
	}

	private static function ensureBlock($host) {
		$block = Vtiger_Block::getInstance(XTiger_Definitions::blockLabel(), $host);
		if (!$block) {
			$block = new Vtiger_Block();
			$block->label = XTiger_Definitions::blockLabel();
			$host->addBlock($block);
		}
		return $block;
	}

	private static function createField($host, $block, $hostName, array $definition) {
		$field = new Vtiger_Field();
		$field->name = $definition['fieldname'];
		$field->label = $definition['label'];
		$field->table = XTiger_Definitions::customFieldTable($hostName);
		$field->column = $definition['column'];
		$field->columntype = $definition['columntype'];
		$field->uitype = $definition['uitype'];
		$field->typeofdata = $definition['typeofdata'];
		$field->displaytype = $definition['displaytype'];
		$field->masseditable = $definition['masseditable'];
		$field->defaultvalue = $definition['defaultvalue'];
		$field->presence = self::PRESENCE_VISIBLE;
		$field->quickcreate = 1;
		$block->addField($field);
		return $field;
	}

	/** setPicklistValues inserts blindly, and the five modules share one table: add only what is missing. */
	private static function addMissingPicklistValues($field, array $values) {
		$db = PearDatabase::getInstance();
		$table = 'vtiger_' . $field->name;
		$existing = array();
		if (Vtiger_Utils::CheckTable($table)) {
			$result = $db->pquery("SELECT {$field->name} AS value FROM $table", array());
			while ($row = $db->fetch_array($result)) {
				$existing[] = decode_html($row['value']);
			}
		}
		$missing = array_values(array_diff($values, $existing));
		if ($missing) {
			$field->setPicklistValues($missing);
		}
	}

	/**
	 * Flushes the field caches the way vtlib's own Vtiger_Field::save() does, with the field's block id:
	 * without one, Vtiger_Cache::flushModuleandBlockFieldsCache() calls getBlocks(), which only a
	 * Vtiger_Module_Model has (a vtlib Vtiger_Module made disable, enable and uninstall crash).
	 */
	private static function setPresence($host, $fieldName, $presence) {
		$field = Vtiger_Field::getInstance($fieldName, $host);
		if (!$field) {
			return;
		}
		$db = PearDatabase::getInstance();
		$db->pquery('UPDATE vtiger_field SET presence = ? WHERE fieldid = ?', array($presence, $field->id));
		Vtiger_Cache::flushModuleandBlockFieldsCache($host, $field->getBlockId());
	}

	/**
	 * Vtiger 8.2.0's own field-delete handler (FieldEventHandler) reads vtiger_inventorycustomfield for every
	 * Products/Services field, and a fresh 8.2.0 install has no such table: the query fails and the handler
	 * dies on fetch_row(false) (a PHP fatal, the uninstall stops half way).
	 */
	private static function fieldDeleteCrashes($hostName) {
		return in_array($hostName, array('Products', 'Services'), true) && !Vtiger_Utils::CheckTable('vtiger_inventorycustomfield');
	}

	/** What Vtiger_Field::delete() and that handler do for our fields, without the handler's broken last step. */
	private static function deleteWithoutEvents($host, $field) {
		$db = PearDatabase::getInstance();
		Vtiger_Profile::deleteForField($field);
		$db->pquery('DELETE FROM vtiger_field WHERE fieldid = ?', array($field->id));
		$db->pquery("ALTER TABLE {$field->table} DROP COLUMN {$field->column}", array());
		$prefix = "{$field->table}:{$field->column}:{$field->name}:%";
		$db->pquery('DELETE FROM vtiger_cvcolumnlist WHERE columnname LIKE ?', array($prefix));
		$db->pquery('DELETE FROM vtiger_cvadvfilter WHERE columnname LIKE ?', array($prefix));
		$db->pquery('DELETE FROM vtiger_cvstdfilter WHERE columnname LIKE ?', array($prefix));
		Vtiger_Cache::flushModuleandBlockFieldsCache($host, $field->getBlockId());
	}

	private static function blockHasFields($block) {
		$db = PearDatabase::getInstance();
		$result = $db->pquery('SELECT 1 FROM vtiger_field WHERE block = ? LIMIT 1', array($block->id));
		return $db->num_rows($result) > 0;
	}

	private static function dropUnusedPicklistTables() {
		$db = PearDatabase::getInstance();
		foreach (XTiger_Definitions::picklistFieldNames() as $fieldName) {
			$result = $db->pquery('SELECT 1 FROM vtiger_field WHERE fieldname = ? LIMIT 1', array($fieldName));
			if ($db->num_rows($result) > 0) {
				continue;
			}
			$db->pquery("DROP TABLE IF EXISTS vtiger_{$fieldName}", array());
			$db->pquery("DROP TABLE IF EXISTS vtiger_{$fieldName}_seq", array());
		}
	}
}
