<?php
/**
 * The XTLog and XTQueue tabs on each synced module: 1:N lists through their relation fields
 * (get_dependents_list), as Vtiger draws for any uitype 10 field. setRelatedList does not check for an existing
 * row, so we do. Modules not installed yet are skipped: XTLog and XTQueue add their own tabs when installed later.
 */
class XTiger_HostRelatedLists {

	const FUNCTION_NAME = 'get_dependents_list';

	public static function add() {
		foreach (XTiger_Definitions::relatedLists() as $list) {
			$related = Vtiger_Module::getInstance($list['module']);
			if (!$related) {
				XTiger_InstallLog::note("skip {$list['module']} related lists: module not installed");
				continue;
			}
			$relationField = Vtiger_Field::getInstance($list['relationField'], $related);
			if (!$relationField) {
				XTiger_InstallLog::note("skip {$list['module']} related lists: field {$list['relationField']} missing");
				continue;
			}
			foreach (XTiger_Definitions::hostModules() as $hostName) {
				$host = Vtiger_Module::getInstance($hostName);
				if ($host && !self::exists($host, $related, $list['label'])) {
					$host->setRelatedList($related, $list['label'], array(), self::FUNCTION_NAME, $relationField->id);
				}
			}
		}
	}

	public static function remove() {
		foreach (XTiger_Definitions::relatedLists() as $list) {
			$related = Vtiger_Module::getInstance($list['module']);
			if (!$related) {
				continue;
			}
			foreach (XTiger_Definitions::hostModules() as $hostName) {
				$host = Vtiger_Module::getInstance($hostName);
				if ($host) {
					$host->unsetRelatedList($related, $list['label'], self::FUNCTION_NAME);
				}
			}
		}
	}

	private static function exists($host, $related, $label) {
		$db = PearDatabase::getInstance();
		$result = $db->pquery(
			'SELECT 1 FROM vtiger_relatedlists WHERE tabid = ? AND related_tabid = ? AND name = ? AND label = ?',
			array($host->id, $related->id, self::FUNCTION_NAME, $label)
		);
		return $db->num_rows($result) > 0;
	}
}
