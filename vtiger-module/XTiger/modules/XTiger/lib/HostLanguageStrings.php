<?php
/**
 * Translations of the Xero Information block inside the synced modules' pages.
 *
 * Vtiger translates a block label, field label or picklist value through the HOST module's strings
 * (vtranslate($label, 'Contacts')), which end at languages/<lang>/Contacts.php — Vtiger's own file, which we never
 * touch. Vtiger_Language_Handler::getModuleStringsFromFile() then merges languages/custom/<lang>/<Module>.php, its
 * documented place for site-specific strings. XTiger's install hook puts a marked, three-line loader into that file
 * (XTiger_HostLanguage) which calls addTo() below; the strings themselves stay in XTiger's own language files.
 *
 * addTo() only ADDS keys: a key that Vtiger's module file or the site's own custom file already defines keeps its
 * value (e.g. "Invoice" stays "Invoices" in the Invoice module), so XTiger can never change an existing label.
 */
require_once dirname(__FILE__) . '/Definitions.php';

class XTiger_HostLanguageStrings {

	/**
	 * @param array $strings the custom file's $languageStrings so far
	 * @return array $strings plus XTiger's translations of the block strings the host does not define
	 */
	public static function addTo(array $strings, $language, $hostModule) {
		if (!in_array($hostModule, XTiger_Definitions::hostModules(), true) || !preg_match('/^[a-z]{2}_[a-z]{2}$/', $language)) {
			return $strings;
		}
		$ours = self::stringsOf(self::root() . "/languages/$language/XTiger.php");
		$hosts = self::stringsOf(self::root() . "/languages/$language/$hostModule.php");
		foreach (XTiger_Definitions::hostStringKeys($hostModule) as $key) {
			if (isset($ours[$key]) && !isset($hosts[$key]) && !isset($strings[$key])) {
				$strings[$key] = $ours[$key];
			}
		}
		return $strings;
	}

	private static function root() {
		return dirname(dirname(dirname(dirname(__FILE__))));
	}

	/** The $languageStrings of one language file, read in a scope of its own. */
	private static function stringsOf($file) {
		if (!is_file($file)) {
			return array();
		}
		$languageStrings = array();
		$jsLanguageStrings = array();
		include $file;
		return is_array($languageStrings) ? $languageStrings : array();
	}
}
