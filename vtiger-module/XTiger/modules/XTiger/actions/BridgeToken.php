<?php
/**
 * POST index.php?module=XTiger&action=BridgeToken → {token, expiresAt, backendUrl, isAdmin} for the logged-in user.
 * The widget calls this through app.request.post (CSRF token included) and sends the token to the backend as
 * `Authorization: Bearer`. The token carries the user id, the admin flag and the user's language. The backend
 * trusts only the user id: on every call it reads from Vtiger's database whether that user is Active and an
 * administrator, and checks record permissions itself the way isPermitted does (server/http/README.md).
 */
require_once 'modules/XTiger/lib/BridgeSettings.php';
require_once 'modules/XTiger/lib/BridgeTokenSigner.php';

class XTiger_BridgeToken_Action extends Vtiger_Action_Controller {

	/** Any logged-in user may ask for a token of their own. */
	public function requiresPermission(Vtiger_Request $request) {
		return array();
	}

	public function checkPermission(Vtiger_Request $request) {
		return true;
	}

	/** POST with Vtiger's CSRF token only: a token is a credential. */
	public function validateRequest(Vtiger_Request $request) {
		return $request->validateWriteAccess();
	}

	public function process(Vtiger_Request $request) {
		$response = new Vtiger_Response();
		$bridge = XTiger_BridgeSettings::read(PearDatabase::getInstance());
		if (!$bridge || $bridge['secret'] === '') {
			$response->setError('XTIGER_BRIDGE_MISSING', vtranslate('LBL_BRIDGE_MISSING', 'XTiger'));
			$response->emit();
			return;
		}
		$user = Users_Record_Model::getCurrentUserModel();
		$signed = XTiger_BridgeTokenSigner::sign($bridge['secret'], $user->getId(), $user->isAdminUser(), $user->get('language'), time());
		$response->setResult(array(
			'token' => $signed['token'],
			'expiresAt' => $signed['expiresAt'],
			'backendUrl' => $bridge['backendUrl'],
			// For the widget's choice of what to offer (e.g. resolving a conflict); the backend decides by the token.
			'isAdmin' => $user->isAdminUser(),
		));
		$response->emit();
	}
}
