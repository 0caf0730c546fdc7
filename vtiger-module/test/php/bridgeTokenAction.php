<?php
/**
 * Runs the real XTiger_BridgeToken_Action::process() against stand-ins for the few Vtiger classes it touches
 * (test support): argv = secret, user id, is admin (0/1), language, backend URL. Prints what the action emits.
 */
list(, $secret, $userId, $isAdmin, $language, $backendUrl) = $argv;

abstract class Vtiger_Action_Controller {}
class Vtiger_Request {
	public function validateWriteAccess() { return true; }
}
class Vtiger_Response {
	private $body = array('success' => true);
	public function setResult($result) { $this->body['result'] = $result; }
	public function setError($code, $message = null) { $this->body = array('success' => false, 'error' => array('code' => $code, 'message' => $message)); }
	public function emit() { echo json_encode($this->body, JSON_UNESCAPED_SLASHES); }
}
class StubUser {
	private $id;
	private $admin;
	private $language;
	public function __construct($id, $admin, $language) { $this->id = $id; $this->admin = $admin; $this->language = $language; }
	public function getId() { return $this->id; }
	public function isAdminUser() { return $this->admin; }
	public function get($key) { return $key === 'language' ? $this->language : null; }
}
class Users_Record_Model {
	public static $current;
	public static function getCurrentUserModel() { return self::$current; }
}
class StubDatabase {
	private $row;
	public function __construct($row) { $this->row = $row; }
	public function pquery($sql, $params) {
		if (strpos($sql, 'FROM xtiger_bridge WHERE id = 1') === false) throw new Exception("unexpected SQL: $sql");
		return $this->row;
	}
	public function num_rows($result) { return $result ? 1 : 0; }
	public function fetch_array($result) { return $result; }
}
class PearDatabase {
	public static $instance;
	public static function getInstance() { return self::$instance; }
}
function vtranslate($key, $module = '') { return $key; }

Users_Record_Model::$current = new StubUser((int) $userId, $isAdmin === '1', $language);
PearDatabase::$instance = new StubDatabase($secret === '' ? null : array('secret' => $secret, 'backend_url' => $backendUrl));

chdir(dirname(__DIR__, 2) . '/XTiger');
require 'modules/XTiger/actions/BridgeToken.php';
$action = new XTiger_BridgeToken_Action();
$action->validateRequest(new Vtiger_Request());
$action->process(new Vtiger_Request());
