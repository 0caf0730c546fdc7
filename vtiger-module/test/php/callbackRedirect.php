<?php
// Prints XTiger_CallbackRedirect::target() for a JSON case {storedUrl, query} on argv[1] (test support).
require dirname(__DIR__, 2) . '/XTiger/modules/XTiger/lib/BridgeSettings.php';
require dirname(__DIR__, 2) . '/XTiger/modules/XTiger/lib/CallbackRedirect.php';
$case = json_decode($argv[1], true);
echo json_encode(array('target' => XTiger_CallbackRedirect::target(XTiger_BridgeSettings::normaliseUrl($case['storedUrl']), $case['query'])), JSON_UNESCAPED_SLASHES);
