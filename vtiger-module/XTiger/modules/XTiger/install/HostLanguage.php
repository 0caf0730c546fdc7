<?php
/**
 * Makes the Xero Information block speak the user's language inside Contacts, Accounts, Products, Services and
 * Invoice, through Vtiger's site-specific string files languages/custom/<lang>/<Module>.php (see
 * lib/HostLanguageStrings.php for why that is the clean mechanism).
 *
 * add()    puts a marked loader section into each such file, creating the file when the site has none;
 * remove() takes exactly that section out again and deletes a file that held nothing else.
 * A site's own custom strings in those files are left as they are, before and after.
 */
class XTiger_HostLanguage {

	const BEGIN = '// >>> XTiger: Xero Information block strings (managed by the XTiger module; removed when it is disabled)';
	const END = '// <<< XTiger';

	public static function add() {
		foreach (self::languages() as $language) {
			foreach (XTiger_Definitions::hostModules() as $hostName) {
				// Vtiger merges a custom file into the module's own strings of that language: without the language
				// pack's own file there is nothing to merge into and every page of that language dies (array_merge
				// on null in LanguageHandler). Such a language shows the block in English until its pack is there
				// and XTiger is enabled again.
				if (!is_file(self::root() . "/languages/$language/$hostName.php")) {
					continue;
				}
				self::addSection(self::customFile($language, $hostName), $language, $hostName);
			}
		}
	}

	public static function remove() {
		foreach (self::languages() as $language) {
			foreach (XTiger_Definitions::hostModules() as $hostName) {
				self::removeSection(self::customFile($language, $hostName));
			}
		}
	}

	/** The section for one file; pure, for tests. */
	public static function section($language, $hostName) {
		$loader = "dirname(__FILE__) . '/../../../modules/XTiger/lib/HostLanguageStrings.php'";
		return self::BEGIN . "\n"
			. "if (is_file($loader)) {\n"
			. "\trequire_once $loader;\n"
			. "\t\$languageStrings = XTiger_HostLanguageStrings::addTo(isset(\$languageStrings) ? \$languageStrings : array(), "
			. var_export($language, true) . ', ' . var_export($hostName, true) . ");\n"
			. "}\n"
			. self::END . "\n";
	}

	/** File content with our section added (unchanged when it is there already); pure, for tests. */
	public static function withSection($content, $language, $hostName) {
		if ($content !== null && strpos($content, self::BEGIN) !== false) {
			return $content;
		}
		if ($content === null || trim($content) === '') {
			return "<?php\n" . self::section($language, $hostName);
		}
		$lastOpen = strrpos($content, '<?php');
		$lastClose = strrpos($content, '?>');
		$inPhp = $lastOpen !== false && ($lastClose === false || $lastClose < $lastOpen);
		$content = rtrim($content, "\n") . "\n";
		return $content . ($inPhp ? '' : "<?php\n") . self::section($language, $hostName);
	}

	/** File content without our section; null when nothing else is left; pure, for tests. */
	public static function withoutSection($content) {
		$pattern = '/\n?' . preg_quote(self::BEGIN, '/') . '.*?' . preg_quote(self::END, '/') . '\n?/s';
		$rest = preg_replace($pattern, "\n", $content);
		$rest = preg_replace('/<\?php\s*$/', '', rtrim($rest));
		return trim($rest) === '' ? null : $rest . "\n";
	}

	private static function addSection($file, $language, $hostName) {
		$content = is_file($file) ? file_get_contents($file) : null;
		$updated = self::withSection($content, $language, $hostName);
		if ($updated === $content) {
			return;
		}
		if (!is_dir(dirname($file)) && !mkdir(dirname($file), 0755, true)) {
			XTiger_InstallLog::note("cannot create " . dirname($file) . ": the Xero block shows untranslated labels");
			return;
		}
		if (file_put_contents($file, $updated, LOCK_EX) === false) {
			XTiger_InstallLog::note("cannot write $file: the Xero block shows untranslated labels");
		}
	}

	private static function removeSection($file) {
		if (!is_file($file)) {
			return;
		}
		$content = file_get_contents($file);
		if (strpos($content, self::BEGIN) === false) {
			return;
		}
		$rest = self::withoutSection($content);
		if ($rest === null) {
			unlink($file);
		} else {
			file_put_contents($file, $rest, LOCK_EX);
		}
	}

	/** The languages XTiger ships strings for (languages/<lang>/XTiger.php). */
	private static function languages() {
		$languages = array();
		foreach (glob(self::root() . '/languages/*/XTiger.php') as $file) {
			$languages[] = basename(dirname($file));
		}
		return $languages;
	}

	private static function customFile($language, $hostName) {
		return self::root() . "/languages/custom/$language/$hostName.php";
	}

	private static function root() {
		return dirname(dirname(dirname(dirname(__FILE__))));
	}
}
