<?php
/**
 * Where callback.php sends the browser after Xero's OAuth redirect: the backend's /api/xero/callback with exactly
 * the parameters Xero's answer carries (code and state, or error and state). Pure, so it is testable with php-cli.
 */
class XTiger_CallbackRedirect {

	const FORWARDED = array('code', 'state', 'error');

	/**
	 * @param string $backendUrl normalised http(s) URL of the backend ('' when not configured)
	 * @param array $query the request's query parameters ($_GET)
	 * @return string|null the target URL, or null when there is no backend to forward to
	 */
	public static function target($backendUrl, array $query) {
		if ($backendUrl === '') {
			return null;
		}
		$forward = array();
		foreach (self::FORWARDED as $name) {
			if (isset($query[$name]) && is_string($query[$name])) {
				$forward[$name] = $query[$name];
			}
		}
		$target = $backendUrl . '/api/xero/callback';
		if ($forward) {
			$target .= '?' . http_build_query($forward, '', '&', PHP_QUERY_RFC3986);
		}
		return $target;
	}
}
