<?php
/**
 * Install hook of XTiger's entity modules (XTLog, XTQueue, XeroAccounts). One source file, copied into each
 * module's zip as modules/<Module>/EntityModuleLifecycle.php by scripts/build-zips.ts; the class_exists guard lets
 * two copies meet in one request. server/testing/moduleInstaller/postInstallHooks.ts reproduces it for tests.
 *
 *   postinstall / postupdate: record numbering (<prefix>1, 2, …); the condition group of each filter with conditions,
 *                which vtlib's manifest import leaves out and the list view needs; and, when XTiger is installed and
 *                active, its hook once more, so the new module's tab appears on Contacts, Invoice, …
 *   enabled / disabled: nothing: Vtiger itself hides a disabled module, its list and its tabs.
 *   preuninstall: what Vtiger's own uninstall leaves behind (golden/uninstall-leftovers.md): records, tables,
 *                picklist tables, field permissions, relation targets, filters, sharing rule, record numbering and
 *                the tabs on other modules. Runs before Vtiger_Module::delete, while the field rows still exist.
 *
 * History (ModTracker) is deliberately not enabled: these records are written by the sync, not by people, and a
 * history row per log line would double the write cost for nothing a user reads.
 */
if (!class_exists('XTiger_EntityModuleLifecycle')) {

	class XTiger_EntityModuleLifecycle {

		/**
		 * @param string $moduleName
		 * @param string $eventType module.postinstall | module.postupdate | module.preuninstall | …
		 * @param string $recordNumberPrefix e.g. XTL for XTL1, XTL2, …
		 */
		public static function handle($moduleName, $eventType, $recordNumberPrefix) {
			switch ($eventType) {
				case 'module.postupdate':
					self::removeOrphanFilterConditionGroups();
					// fall through: the rest as on install
				case 'module.postinstall':
					self::configureRecordNumbering($moduleName, $recordNumberPrefix);
					self::addFilterConditionGroups($moduleName);
					self::refreshXTigerHook();
					break;
				case 'module.preuninstall':
					self::removeLeftovers($moduleName, $recordNumberPrefix);
					self::removeOrphanFilterConditionGroups();
					// This class may be another module's copy whose folder an earlier uninstall in this request removed.
					if (!class_exists('XTiger_ModuleFiles')) {
						require_once dirname(__FILE__) . '/ModuleFiles.php';
					}
					XTiger_ModuleFiles::remove($moduleName);
					break;
			}
		}

		/** CRMEntity::setModuleSeqNumber('configure', …), once: a reinstall keeps the running numbers. */
		public static function configureRecordNumbering($moduleName, $prefix) {
			$db = PearDatabase::getInstance();
			$existing = $db->pquery('SELECT 1 FROM vtiger_modentity_num WHERE semodule = ? AND prefix = ?', array($moduleName, $prefix));
			if ($db->num_rows($existing) > 0) {
				return;
			}
			$focus = CRMEntity::getInstance($moduleName);
			$focus->setModuleSeqNumber('configure', $moduleName, $prefix, 1);
		}

		/**
		 * vtlib's update deletes and re-imports each manifest filter (PackageUpdate::update_CustomView), and
		 * Vtiger_Filter::delete() leaves the filter's vtiger_cvadvfilter_grouping rows behind: remove rows whose
		 * filter is gone (they belong to no filter, so no one's data).
		 */
		public static function removeOrphanFilterConditionGroups() {
			$db = PearDatabase::getInstance();
			$db->pquery('DELETE g FROM vtiger_cvadvfilter_grouping g LEFT JOIN vtiger_customview c ON c.cvid = g.cvid WHERE c.cvid IS NULL', array());
		}

		/**
		 * Group 1 of each filter that has conditions, as Vtiger's filter editor writes it next to them
		 * (condition_expression " 0 and 1 ", the last condition's column_condition emptied).
		 */
		public static function addFilterConditionGroups($moduleName) {
			$db = PearDatabase::getInstance();
			$filters = $db->pquery(
				'SELECT c.cvid, MAX(a.columnindex) AS last FROM vtiger_customview c JOIN vtiger_cvadvfilter a ON a.cvid = c.cvid WHERE c.entitytype = ? GROUP BY c.cvid',
				array($moduleName)
			);
			while ($row = $db->fetch_array($filters)) {
				$cvid = (int) $row['cvid'];
				$last = (int) $row['last'];
				$grouped = $db->pquery('SELECT 1 FROM vtiger_cvadvfilter_grouping WHERE cvid = ? AND groupid = 1', array($cvid));
				if ($db->num_rows($grouped) > 0) {
					continue;
				}
				$db->pquery("UPDATE vtiger_cvadvfilter SET column_condition = '' WHERE cvid = ? AND columnindex = ?", array($cvid, $last));
				$db->pquery(
					'INSERT INTO vtiger_cvadvfilter_grouping (groupid, cvid, group_condition, condition_expression) VALUES (?,?,?,?)',
					array(1, $cvid, '', ' ' . implode(' and ', range(0, $last)) . ' ')
				);
			}
		}

		/** XTiger's hook adds our tabs to the synced modules; if XTiger came first, run it again (it is idempotent). */
		public static function refreshXTigerHook() {
			$steps = 'modules/XTiger/install/InstallSteps.php';
			if (is_file($steps) && function_exists('vtlib_isModuleActive') && vtlib_isModuleActive('XTiger')) {
				require_once $steps;
				XTiger_InstallSteps::install();
			}
		}

		public static function removeLeftovers($moduleName, $recordNumberPrefix = '') {
			$module = Vtiger_Module::getInstance($moduleName);
			if (!$module) {
				return;
			}
			$db = PearDatabase::getInstance();
			$focus = CRMEntity::getInstance($moduleName);

			$picklists = array();
			$fields = $db->pquery('SELECT fieldname, uitype FROM vtiger_field WHERE tabid = ?', array($module->id));
			while ($row = $db->fetch_array($fields)) {
				if (in_array((int) $row['uitype'], array(15, 16, 33), true)) {
					$picklists[] = $row['fieldname'];
				}
			}
			if (!$picklists && $recordNumberPrefix !== '') {
				$picklists = self::ownPicklistTables($recordNumberPrefix);
			}

			$db->pquery('DELETE FROM vtiger_crmentity_user_field WHERE recordid IN (SELECT crmid FROM vtiger_crmentity WHERE setype = ?)', array($moduleName));
			$db->pquery('DELETE FROM vtiger_crmentity WHERE setype = ?', array($moduleName));
			$db->pquery('DELETE FROM vtiger_relatedlists WHERE related_tabid = ?', array($module->id));
			$db->pquery('DELETE FROM vtiger_fieldmodulerel WHERE module = ? OR relmodule = ?', array($moduleName, $moduleName));
			$filters = $db->pquery('SELECT cvid FROM vtiger_customview WHERE entitytype = ?', array($moduleName));
			while ($filter = $db->fetch_array($filters)) {
				foreach (array('vtiger_cvadvfilter', 'vtiger_cvadvfilter_grouping', 'vtiger_cvstdfilter', 'vtiger_cvcolumnlist') as $table) {
					$db->pquery("DELETE FROM $table WHERE cvid = ?", array($filter['cvid']));
				}
			}
			$db->pquery('DELETE FROM vtiger_def_org_field WHERE tabid = ?', array($module->id));
			$db->pquery('DELETE FROM vtiger_profile2field WHERE tabid = ?', array($module->id));
			$db->pquery('DELETE FROM vtiger_def_org_share WHERE tabid = ?', array($module->id));
			$db->pquery('DELETE FROM vtiger_modentity_num WHERE semodule = ?', array($moduleName));

			foreach ($picklists as $fieldName) {
				$shared = $db->pquery('SELECT 1 FROM vtiger_field WHERE fieldname = ? AND tabid <> ? LIMIT 1', array($fieldName, $module->id));
				if ($db->num_rows($shared) > 0) {
					continue;
				}
				$db->pquery('DELETE FROM vtiger_role2picklist WHERE picklistid IN (SELECT picklistid FROM vtiger_picklist WHERE name = ?)', array($fieldName));
				$db->pquery('DELETE FROM vtiger_picklist WHERE name = ?', array($fieldName));
				$db->pquery("DROP TABLE IF EXISTS vtiger_{$fieldName}", array());
				$db->pquery("DROP TABLE IF EXISTS vtiger_{$fieldName}_seq", array());
			}

			// Only the module's own tables (vtiger_xtlog, vtiger_xtlogcf): tab_name also lists tables every module shares,
			// vtiger_crmentity and (Vtiger 8) vtiger_crmentity_user_field, which must never be dropped.
			// Custom-field table first: it has a foreign key to the base table (the manifest's own DDL).
			foreach (array_reverse(self::ownTables($moduleName, $focus->tab_name)) as $table) {
				$db->pquery("DROP TABLE IF EXISTS $table", array());
			}
		}

		/**
		 * Vtiger_Module::delete() deletes the module's blocks and fields before it fires module.preuninstall, so on a
		 * real uninstall the field rows are gone by now: find the picklist tables by our field-name prefix instead
		 * (xtl_, xtq_, xa_: vtiger_<prefix>_<name> with its <name>id column, and no field left that uses it).
		 */
		public static function ownPicklistTables($recordNumberPrefix) {
			$db = PearDatabase::getInstance();
			$prefix = strtolower($recordNumberPrefix) . '_';
			$names = array();
			$tables = $db->pquery('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE ?', array('vtiger\\_' . $prefix . '%'));
			while ($row = $db->fetch_array($tables)) {
				$fieldName = substr($row['name'], strlen('vtiger_'));
				if (substr($fieldName, -4) === '_seq') {
					continue;
				}
				$idColumn = $db->pquery('SELECT 1 FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?', array($row['name'], $fieldName . 'id'));
				$used = $db->pquery('SELECT 1 FROM vtiger_field WHERE fieldname = ? LIMIT 1', array($fieldName));
				if ($db->num_rows($idColumn) > 0 && $db->num_rows($used) === 0) {
					$names[] = $fieldName;
				}
			}
			return $names;
		}

		/** The tables of tab_name that belong to this module alone: named vtiger_<module>…, never a vtiger_crmentity table. */
		public static function ownTables($moduleName, $tables) {
			$prefix = 'vtiger_' . strtolower($moduleName);
			$own = array();
			foreach ($tables as $table) {
				if (strpos($table, $prefix) === 0 && strpos($table, 'vtiger_crmentity') !== 0) {
					$own[] = $table;
				}
			}
			return $own;
		}
	}
}
