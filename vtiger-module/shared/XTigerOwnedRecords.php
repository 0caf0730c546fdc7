<?php
/**
 * Records of XTiger's entity modules (XTLog, XTQueue, XeroAccounts) are written by XTiger only: nobody adds,
 * imports, edits, mass-edits or duplicates them in Vtiger; admins may delete them (old log lines). One source file,
 * copied into each module's zip as modules/<Module>/XTigerOwnedRecords.php by scripts/build-zips.ts; the thin
 * model, view and action classes of each module ask it. The class_exists guard lets two copies meet in one request.
 */
if (!class_exists('XTiger_OwnedRecords')) {

	class XTiger_OwnedRecords {

		/** Actions that would write a record by hand (Vtiger's action names as in Users_Privileges_Model). */
		const REFUSED_ACTIONS = array('CreateView', 'EditView', 'Save', 'Import', 'DuplicatesHandling', 'MassEdit');

		/** Links that lead to those actions (labels as Vtiger's models build them). */
		const REFUSED_LINKS = array('LBL_ADD_RECORD', 'LBL_IMPORT', 'LBL_EDIT', 'LBL_DUPLICATE', 'LBL_FIND_DUPLICATES');

		public static function refuses($actionName) {
			if ($actionName === 'Delete') {
				return !self::isAdmin();
			}
			return in_array($actionName, self::REFUSED_ACTIONS, true);
		}

		public static function isAdmin() {
			$user = Users_Record_Model::getCurrentUserModel();
			return $user && $user->isAdminUser();
		}

		/** Drops the refused links from a link list (a flat list, or link type => list). */
		public static function filterLinks($links) {
			$keep = array();
			foreach ($links as $key => $link) {
				if (is_array($link)) {
					$keep[$key] = array_values(self::filterLinks($link));
					continue;
				}
				$label = is_object($link) ? $link->get('linklabel') : null;
				$url = is_object($link) ? (string) $link->get('linkurl') : '';
				// The detail view's delete link carries a translated label ("Delete Xero Sync Log"): known by its URL.
				$isDelete = $label === 'LBL_DELETE' || strpos($url, 'deleteRecord') !== false || strpos($url, 'massDeleteRecords') !== false;
				if (in_array($label, self::REFUSED_LINKS, true) || ($isDelete && !self::isAdmin())) {
					continue;
				}
				$keep[$key] = $link;
			}
			return $keep;
		}

		/** Stops a request that would write a record by hand, with Vtiger's own "Permission denied". */
		public static function deny() {
			throw new AppException(vtranslate('LBL_PERMISSION_DENIED'));
		}
	}
}

if (!trait_exists('XTiger_OwnedModuleModel')) {

	/** The module model of an XTiger-owned module: no Add Record, quick create or duplicate; actions asked above. */
	trait XTiger_OwnedModuleModel {

		public function isPermitted($actionName) {
			return !XTiger_OwnedRecords::refuses($actionName) && parent::isPermitted($actionName);
		}

		public function getModuleBasicLinks() {
			return array();
		}

		public function isQuickCreateSupported() {
			return false;
		}

		public function isDuplicateOptionAllowed($action, $recordId) {
			return false;
		}
	}

	/** The list view model of an XTiger-owned module: no Add Record, Import, Mass Edit, Find Duplicates (Delete for admins). */
	trait XTiger_OwnedListViewModel {

		public function getListViewMassActions($linkParams) {
			return XTiger_OwnedRecords::filterLinks(parent::getListViewMassActions($linkParams));
		}

		public function getAdvancedLinks() {
			return XTiger_OwnedRecords::filterLinks(parent::getAdvancedLinks());
		}

		public function getBasicLinks() {
			return array();
		}
	}
}
