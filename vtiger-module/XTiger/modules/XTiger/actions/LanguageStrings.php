<?php
/**
 * GET index.php?module=XTiger&action=LanguageStrings → XTiger's $jsLanguageStrings in the user's language.
 * Vtiger's pages only carry the current module's JS strings (#js_strings), so on a Contacts page the widget
 * fetches ours once and merges them into app.languageString; app.vtranslate then finds them.
 */
class XTiger_LanguageStrings_Action extends Vtiger_Action_Controller {

	public function requiresPermission(Vtiger_Request $request) {
		return array();
	}

	public function checkPermission(Vtiger_Request $request) {
		return true;
	}

	public function process(Vtiger_Request $request) {
		$language = Vtiger_Language_Handler::getLanguage();
		$strings = self::jsStrings(vglobal('default_language'));
		if ($language !== vglobal('default_language')) {
			$strings = array_merge($strings, self::jsStrings($language));
		}
		$response = new Vtiger_Response();
		$response->setResult($strings);
		$response->emit();
	}

	private static function jsStrings($language) {
		$strings = Vtiger_Language_Handler::getModuleStringsFromFile($language, 'XTiger');
		return isset($strings['jsLanguageStrings']) ? $strings['jsLanguageStrings'] : array();
	}
}
