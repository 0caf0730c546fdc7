<?php
/** Messages of the install hook, shown in Vtiger's import log (vtlib's own logger). */
class XTiger_InstallLog {
	public static function note($message) {
		Vtiger_Utils::Log('XTiger: ' . $message);
	}
}
