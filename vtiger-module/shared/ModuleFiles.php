<?php
/**
 * The files a module's zip put into Vtiger's tree, removed on uninstall. Vtiger_Module::delete() removes none, and
 * the Extension Store's uninstall only modules/<Module>, modules/Settings/<Module> and layouts/vlayout/…: the
 * language files and layouts/v7 would stay. One source file, copied into each zip as
 * modules/<Module>/ModuleFiles.php by scripts/zip/stagePackage.ts; the class_exists guard lets copies meet.
 */
if (!class_exists('XTiger_ModuleFiles')) {

	class XTiger_ModuleFiles {

		/** Every place vtlib's package import writes a module's files (PackageImport::initImport). */
		public static function remove($moduleName) {
			global $root_directory;
			$root = rtrim($root_directory ? $root_directory : getcwd(), '/') . '/';
			$paths = array(
				"modules/$moduleName", "modules/Settings/$moduleName", "cron/modules/$moduleName",
				"layouts/v7/modules/$moduleName", "layouts/v7/modules/Settings/$moduleName",
				"layouts/vlayout/modules/$moduleName", "layouts/vlayout/modules/Settings/$moduleName",
				"layouts/vlayout/skins/images/$moduleName", "layouts/vlayout/skins/images/$moduleName.png",
			);
			foreach (glob($root . 'languages/*', GLOB_ONLYDIR) as $languageDir) {
				$language = basename($languageDir);
				$paths[] = "languages/$language/$moduleName.php";
				$paths[] = "languages/$language/Settings/$moduleName.php";
			}
			foreach ($paths as $path) {
				self::removePath($root . $path);
			}
		}

		private static function removePath($path) {
			if (is_link($path) || is_file($path)) {
				unlink($path);
				return;
			}
			if (!is_dir($path)) {
				return;
			}
			foreach (array_diff(scandir($path), array('.', '..')) as $entry) {
				self::removePath("$path/$entry");
			}
			rmdir($path);
		}
	}
}
