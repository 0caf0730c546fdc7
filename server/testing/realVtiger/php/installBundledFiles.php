<?php
// Writes the files of Vtiger's 30 bundled packages (packages/vtiger/*/*.zip) into the tree, as the install wizard
// does; their database rows are already in the sample dump. Files only: initImport unpacks, nothing is registered.
require_once __DIR__ . '/bootstrap.php';

function xt_unpack(string $zip): void {
	$package = new Vtiger_Package();
	$package->checkZip($zip);
	if ($package->isModuleBundle()) {
		$dir = sys_get_temp_dir() . '/xt-bundle-' . getmypid() . '-' . basename($zip, '.zip');
		@mkdir($dir, 0777, true);
		$archive = new ZipArchive();
		$archive->open($zip);
		$archive->extractTo($dir);
		$archive->close();
		foreach (glob("$dir/*.zip") as $inner) xt_unpack($inner);
		return;
	}
	if ($package->isLanguageType()) {
		(new Vtiger_LanguageImport())->initImport($zip, true);
	} else {
		(new Vtiger_PackageImport())->initImport($zip, true);
	}
	echo basename($zip), "\n";
}

foreach (glob('packages/vtiger/*/*.zip') as $zip) xt_unpack($zip);
