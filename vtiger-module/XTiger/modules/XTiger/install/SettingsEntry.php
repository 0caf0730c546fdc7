<?php
/**
 * XTiger's entry in Vtiger's Settings menu (vtiger_settings_field), pointing at its settings pages. There is no
 * vtlib API for Settings entries; Vtiger's own PBXManager and Google add theirs with the same guarded INSERT.
 */
class XTiger_SettingsEntry {

	public static function add() {
		$entry = XTiger_Definitions::settingsEntry();
		$db = PearDatabase::getInstance();
		$existing = $db->pquery('SELECT 1 FROM vtiger_settings_field WHERE name = ? AND linkto = ?', array($entry['name'], $entry['linkto']));
		if ($db->num_rows($existing) > 0) {
			return;
		}
		$blockResult = $db->pquery('SELECT blockid FROM vtiger_settings_blocks WHERE label = ?', array($entry['block']));
		if ($db->num_rows($blockResult) < 1) {
			XTiger_InstallLog::note("skip Settings entry: no settings block {$entry['block']}");
			return;
		}
		$blockId = (int) $db->query_result($blockResult, 0, 'blockid');
		$sequenceResult = $db->pquery('SELECT COALESCE(MAX(sequence), 0) AS seq FROM vtiger_settings_field WHERE blockid = ?', array($blockId));
		$sequence = (int) $db->query_result($sequenceResult, 0, 'seq') + 1;
		$fieldId = $db->getUniqueID('vtiger_settings_field');
		$db->pquery(
			'INSERT INTO vtiger_settings_field (fieldid, blockid, name, iconpath, description, linkto, sequence, active, pinned) VALUES (?,?,?,?,?,?,?,?,?)',
			array($fieldId, $blockId, $entry['name'], '', $entry['description'], $entry['linkto'], $sequence, 0, 0)
		);
	}

	public static function remove() {
		$entry = XTiger_Definitions::settingsEntry();
		$db = PearDatabase::getInstance();
		$db->pquery('DELETE FROM vtiger_settings_field WHERE name = ? AND linkto = ?', array($entry['name'], $entry['linkto']));
	}
}
