<?php
/**
 * XTiger: the extension module that connects Vtiger to the XTiger backend and Xero.
 * Vtiger calls vtlib_handler on install, enable, disable, update and uninstall; the steps live in
 * install/InstallSteps.php.
 */
require_once dirname(__FILE__) . '/install/InstallSteps.php';

class XTiger {

	public function vtlib_handler($moduleName, $eventType) {
		switch ($eventType) {
			case 'module.postinstall':
			case 'module.enabled':
			case 'module.postupdate':
				XTiger_InstallSteps::install();
				break;
			case 'module.disabled':
				XTiger_InstallSteps::disable();
				break;
			case 'module.preuninstall':
				XTiger_InstallSteps::uninstall();
				break;
		}
	}
}
