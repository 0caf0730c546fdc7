<?php
/**
 * index.php?module=XTiger&parent=Settings&view=Settings[&page=apiDetails|fieldMapping|syncSettings|notifications|dashboard]
 * XTiger's Settings pages. Each is a titled shell that the widget bundle (TypeScript, widget/src/settings/) fills in
 * from the XTiger backend (data-xtiger-screen names the screen). Admins only, as every Settings page
 * (Settings_Vtiger_Index_View refuses other users).
 */
class Settings_XTiger_Settings_View extends Settings_Vtiger_Index_View {

	/** page key => [title key, template] */
	const PAGES = array(
		'apiDetails' => array('LBL_API_DETAILS', 'ApiDetails.tpl'),
		'fieldMapping' => array('LBL_FIELD_MAPPING', 'FieldMapping.tpl'),
		'syncSettings' => array('LBL_SYNC_SETTINGS', 'SyncSettings.tpl'),
		'notifications' => array('LBL_NOTIFICATIONS', 'Notifications.tpl'),
		'dashboard' => array('LBL_DASHBOARD', 'Dashboard.tpl'),
	);

	public function process(Vtiger_Request $request) {
		$qualifiedModule = $request->getModule(false);
		$page = self::pageOf($request);
		$viewer = $this->getViewer($request);
		$viewer->assign('QUALIFIED_MODULE', $qualifiedModule);
		$viewer->assign('PAGES', self::PAGES);
		$viewer->assign('ACTIVE_PAGE', $page);
		$viewer->assign('PAGE_TEMPLATE', self::PAGES[$page][1]);
		$viewer->view('Settings.tpl', $qualifiedModule);
	}

	public function getPageTitle(Vtiger_Request $request) {
		return vtranslate(self::PAGES[self::pageOf($request)][0], $request->getModule(false));
	}

	private static function pageOf(Vtiger_Request $request) {
		$page = (string) $request->get('page');
		return array_key_exists($page, self::PAGES) ? $page : 'apiDetails';
	}
}
