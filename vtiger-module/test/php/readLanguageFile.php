<?php
// Prints a Vtiger language file's $languageStrings and $jsLanguageStrings as JSON (test support).
$languageStrings = array();
$jsLanguageStrings = array();
include $argv[1];
echo json_encode(array('languageStrings' => (object) $languageStrings, 'jsLanguageStrings' => (object) $jsLanguageStrings), JSON_UNESCAPED_UNICODE);
