<?php
/** Which tables XTiger_EntityModuleLifecycle would drop on uninstall: argv[1] = module, argv[2] = JSON list of tab_name. */
require_once __DIR__ . '/../../shared/EntityModuleLifecycle.php';
echo json_encode(XTiger_EntityModuleLifecycle::ownTables($argv[1], json_decode($argv[2], true)));
