<?php
/**
 * Install hook of XTiger's entity modules (XTLog, XTQueue, XeroAccounts). One source file, copied into each
 * module's zip as modules/<Module>/EntityModuleLifecycle.php by scripts/build-zips.ts; the class_exists guard lets
 * two copies meet in one request.
 *
 *   postinstall / enabled: the module's tab on each module its relation field points to (e.g. XTLog on Contacts)
 *   disabled:              those tabs removed again
 *   preuninstall:          the tabs, then what Vtiger's own uninstall leaves behind (golden/uninstall-leftovers.md):
 *                          records, tables, picklist tables, field permissions, relation targets, sharing rule,
 *                          record numbering. Runs before Vtiger_Module::delete, while the field rows still exist.
 *
 * History (ModTracker) is deliberately not enabled: these records are written by the sync, not by people, and a
 * history row per log line would double the write cost for nothing a user reads.
 */
if (!class_exists('XTiger_EntityModuleLifecycle')) {

	class XTiger_EntityModuleLifecycle {

		const RELATED_LIST_FUNCTION = 'get_dependents_list';

		/**
		 * @param string $moduleName
		 * @param string $eventType module.postinstall | module.enabled | module.disabled | module.preuninstall | …
		 * @param string|null $relationFieldName the uitype 10 field whose targets get a tab (null: none)
		 */
		public static function handle($moduleName, $eventType, $relationFieldName) {
			switch ($eventType) {
				case 'module.postinstall':
				case 'module.enabled':
				case 'module.postupdate':
					self::addTabsOnTargets($moduleName, $relationFieldName);
					break;
				case 'module.disabled':
					self::removeTabsOnTargets($moduleName, $relationFieldName);
					break;
				case 'module.preuninstall':
					self::removeTabsOnTargets($moduleName, $relationFieldName);
					self::removeLeftovers($moduleName);
					break;
			}
		}

		public static function addTabsOnTargets($moduleName, $relationFieldName) {
			$module = Vtiger_Module::getInstance($moduleName);
			$field = ($module && $relationFieldName) ? Vtiger_Field::getInstance($relationFieldName, $module) : null;
			if (!$field) {
				return;
			}
			$db = PearDatabase::getInstance();
			foreach (self::relationTargets($field) as $targetName) {
				$target = Vtiger_Module::getInstance($targetName);
				if (!$target) {
					continue;
				}
				$exists = $db->pquery(
					'SELECT 1 FROM vtiger_relatedlists WHERE tabid = ? AND related_tabid = ? AND name = ? AND label = ?',
					array($target->id, $module->id, self::RELATED_LIST_FUNCTION, $moduleName)
				);
				if ($db->num_rows($exists) === 0) {
					$target->setRelatedList($module, $moduleName, array(), self::RELATED_LIST_FUNCTION, $field->id);
				}
			}
		}

		public static function removeTabsOnTargets($moduleName, $relationFieldName) {
			$module = Vtiger_Module::getInstance($moduleName);
			$field = ($module && $relationFieldName) ? Vtiger_Field::getInstance($relationFieldName, $module) : null;
			if (!$field) {
				return;
			}
			foreach (self::relationTargets($field) as $targetName) {
				$target = Vtiger_Module::getInstance($targetName);
				if ($target) {
					$target->unsetRelatedList($module, $moduleName, self::RELATED_LIST_FUNCTION);
				}
			}
		}

		public static function removeLeftovers($moduleName) {
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

			$db->pquery('DELETE FROM vtiger_crmentity_user_field WHERE recordid IN (SELECT crmid FROM vtiger_crmentity WHERE setype = ?)', array($moduleName));
			$db->pquery('DELETE FROM vtiger_crmentity WHERE setype = ?', array($moduleName));
			$db->pquery('DELETE FROM vtiger_relatedlists WHERE related_tabid = ?', array($module->id));
			$db->pquery('DELETE FROM vtiger_fieldmodulerel WHERE module = ?', array($moduleName));
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

			foreach ($focus->tab_name as $table) {
				if ($table !== 'vtiger_crmentity') {
					$db->pquery("DROP TABLE IF EXISTS $table", array());
				}
			}
		}

		private static function relationTargets($field) {
			$db = PearDatabase::getInstance();
			$result = $db->pquery('SELECT relmodule FROM vtiger_fieldmodulerel WHERE fieldid = ?', array($field->id));
			$targets = array();
			while ($row = $db->fetch_array($result)) {
				$targets[] = $row['relmodule'];
			}
			return $targets;
		}
	}
}
