<?php
/**
 * Host-language overlay in a Vtiger-shaped directory argv[1] (test support). argv[2] = step:
 *   add | remove     run XTiger_HostLanguage::add()/remove() there
 *   load <lang> <M>  load languages/custom/<lang>/<M>.php the way Vtiger_Language_Handler does and print its strings
 */
class Vtiger_Utils { public static function Log($message) { fwrite(STDERR, $message . "\n"); } }
$root = $argv[1];
$step = $argv[2];
require_once $root . '/modules/XTiger/lib/Definitions.php';
require_once $root . '/modules/XTiger/install/InstallLog.php';
require_once $root . '/modules/XTiger/install/HostLanguage.php';
if ($step === 'add') {
	XTiger_HostLanguage::add();
	echo json_encode(array('ok' => true));
} elseif ($step === 'remove') {
	XTiger_HostLanguage::remove();
	echo json_encode(array('ok' => true));
} else {
	// Vtiger_Language_Handler::getModuleStringsFromFile: fresh arrays, then `require` of the custom file.
	$load = function ($file) {
		$languageStrings = $jsLanguageStrings = array();
		require $file;
		return $languageStrings;
	};
	echo json_encode((object) $load("$root/languages/custom/{$argv[3]}/{$argv[4]}.php"), JSON_UNESCAPED_UNICODE);
}
