<?php
/**
 * The widget bundle as a HEADERSCRIPT on every page (tabid 0), and the "Sync to Xero" list mass action and
 * "Sync with Xero" detail action on each synced module. Vtiger_Link::addLink skips a link that already exists.
 */
class XTiger_HostLinks {

	const ALL_MODULES = 0;

	public static function add() {
		$script = XTiger_Definitions::headerScript();
		Vtiger_Link::addLink(self::ALL_MODULES, 'HEADERSCRIPT', $script['linklabel'], $script['linkurl']);
		foreach (XTiger_Definitions::hostModules() as $hostName) {
			$host = Vtiger_Module::getInstance($hostName);
			if (!$host) {
				continue;
			}
			foreach (XTiger_Definitions::moduleLinks() as $link) {
				$host->addLink($link['linktype'], $link['linklabel'], $link['linkurl']);
			}
		}
	}

	public static function remove() {
		$script = XTiger_Definitions::headerScript();
		Vtiger_Link::deleteLink(self::ALL_MODULES, 'HEADERSCRIPT', $script['linklabel'], $script['linkurl']);
		foreach (XTiger_Definitions::hostModules() as $hostName) {
			$host = Vtiger_Module::getInstance($hostName);
			if (!$host) {
				continue;
			}
			foreach (XTiger_Definitions::moduleLinks() as $link) {
				$host->deleteLink($link['linktype'], $link['linklabel'], $link['linkurl']);
			}
		}
	}
}
