<?php
/**
 * Xero's OAuth redirect URL: <crm>/modules/XTiger/callback.php (what the admin registers in Xero's developer portal).
 * Thin on purpose: reads the backend URL from xtiger_bridge and forwards the browser there with Xero's `code` and
 * `state` (or `error`). The backend does the token exchange; nothing secret passes through here.
 */
chdir(dirname(__FILE__) . '/../../');
require_once 'vtlib/Vtiger/Module.php';
require_once 'modules/XTiger/lib/BridgeSettings.php';
require_once 'modules/XTiger/lib/CallbackRedirect.php';

header('Cache-Control: no-store');
header('Referrer-Policy: no-referrer');

$bridge = XTiger_BridgeSettings::read(PearDatabase::getInstance());
$target = XTiger_CallbackRedirect::target($bridge ? $bridge['backendUrl'] : '', $_GET);

if ($target !== null) {
	header('Location: ' . $target, true, 302);
	exit;
}

http_response_code(503);
header('Content-Type: text/html; charset=utf-8');
$title = 'XTiger is not connected to its backend';
$message = 'Xero sent you back to Vtiger, but XTiger does not know where its backend runs yet. '
	. 'Start the XTiger backend (it records its address in Vtiger), then connect to Xero again from '
	. 'Settings → XTiger → API Details.';
echo '<!DOCTYPE html><html><head><meta charset="utf-8"><title>' . htmlspecialchars($title, ENT_QUOTES, 'UTF-8') . '</title></head>'
	. '<body style="font-family:sans-serif;max-width:40em;margin:3em auto"><h1>' . htmlspecialchars($title, ENT_QUOTES, 'UTF-8') . '</h1>'
	. '<p>' . htmlspecialchars($message, ENT_QUOTES, 'UTF-8') . '</p></body></html>';
