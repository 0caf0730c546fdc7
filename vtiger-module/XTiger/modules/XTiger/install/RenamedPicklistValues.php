<?php
/**
 * Picklist values an earlier XTiger stored under another name (the field's renamedPicklistValues in
 * XTigerDefinitions.php): XTiger 1.0.0 stored the sales invoice of "Xero Invoice Type" as 'Invoice', which Vtiger
 * shows as "Invoices" because Vtiger's own Invoice strings translate that key. On update they get their new name.
 *
 * Renamed the way an admin renames a value in Settings → Picklist, with Vtiger's own
 * Settings_Picklist_Module_Model::renamePickListValues: the value keeps its id and sort order, the records holding it
 * and the field's default value follow, and Vtiger's vtiger.picklist.afterrename handler updates the admin's list
 * filters, report conditions, workflow conditions and picklist dependencies that name it.
 * When the new value is there already (an admin added it by hand), the old one is deleted with the new one as its
 * replacement (Settings → Picklist's delete: records and default value move to it, the same handlers run).
 * Nothing to rename (a fresh install, an enable, a second update): nothing happens.
 */
class XTiger_RenamedPicklistValues {

	/**
	 * @param string $hostName the module of the field (Invoice)
	 * @param Vtiger_Field $field a visible field: Vtiger's rename only follows fields with presence 0 or 2
	 * @param array $renames old value => new value
	 */
	public static function apply($hostName, $field, array $renames) {
		$table = 'vtiger_' . $field->name;
		if (!$renames || !Vtiger_Utils::CheckTable($table)) {
			return;
		}
		foreach ($renames as $old => $new) {
			$oldId = self::valueId($field->name, (string) $old);
			if ($oldId === null) {
				continue;
			}
			$picklists = self::picklistModel($hostName);
			if (!$picklists) {
				XTiger_InstallLog::note("cannot rename \"$old\" of {$field->name} to \"$new\": Vtiger's Settings_Picklist_Module_Model is not loaded");
				return;
			}
			$newId = self::valueId($field->name, (string) $new);
			if ($newId === null) {
				$picklists->renamePickListValues($field->name, (string) $old, (string) $new, $hostName, $oldId);
				XTiger_InstallLog::note("{$field->name}: \"$old\" renamed to \"$new\"");
			} else {
				$picklists->remove($field->name, $oldId, $newId, $hostName);
				XTiger_InstallLog::note("{$field->name}: \"$old\" deleted, replaced by the existing \"$new\"");
			}
		}
	}

	/** The id of a value in the field's picklist table, or null (values may be stored HTML-encoded, as Vtiger does). */
	private static function valueId($fieldName, $value) {
		$db = PearDatabase::getInstance();
		$idColumn = Vtiger_Util_Helper::getPickListId($fieldName);
		$result = $db->pquery("SELECT $idColumn AS id, $fieldName AS value FROM vtiger_$fieldName", array());
		while ($row = $db->fetch_array($result)) {
			if (decode_html($row['value']) === $value) {
				return (int) $row['id'];
			}
		}
		return null;
	}

	/** Vtiger's Settings → Picklist model; its handlers need Vtiger's events manager, which a CLI update may not have loaded. */
	private static function picklistModel($hostName) {
		if (!class_exists('VTEventsManager')) {
			require_once 'include/events/include.inc';
		}
		if (!class_exists('Settings_Picklist_Module_Model')) {
			return null;
		}
		return Settings_Picklist_Module_Model::getInstance($hostName);
	}
}
