<?php
// Loads Vtiger 8.2's own includes for a php-cli script run from the tree root (the harness's scripts and runPhp).
// Vtiger's includes are relative to the tree root, and config.inc.php resets error reporting: the harness's
// generated config re-enables logging after it, so warnings of the code that follows reach the error log.
chdir(getenv('XT_VTIGER_ROOT') ?: getcwd());
require_once 'config.inc.php';
require_once 'include/utils/utils.php';
require_once 'include/utils/CommonUtils.php';
require_once 'vtlib/Vtiger/Module.php';
require_once 'vtlib/Vtiger/Package.php';
require_once 'vtlib/Vtiger/Language.php';
require_once 'modules/Users/CreateUserPrivilegeFile.php';
require_once 'includes/Loader.php';
require_once 'includes/runtime/BaseModel.php';
require_once 'includes/runtime/Globals.php';
require_once 'includes/runtime/LanguageHandler.php';
require_once 'includes/runtime/Cache.php';
vimport('includes.runtime.EntryPoint');
