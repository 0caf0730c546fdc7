<?php
/**
 * The one row of `xtiger_bridge`, shared with the backend: the secret that signs bridge tokens and the URL where the
 * backend answers. Created by XTiger's install hook or by the backend's migration, whichever runs first.
 */
class XTiger_BridgeSettings {

	/**
	 * @param PearDatabase $db
	 * @return array|null {secret: string, backendUrl: string} or null when the table or its row is missing
	 */
	public static function read($db) {
		$result = $db->pquery('SELECT secret, backend_url FROM xtiger_bridge WHERE id = 1', array());
		if (!$result || $db->num_rows($result) < 1) {
			return null;
		}
		$row = $db->fetch_array($result);
		return array('secret' => (string) $row['secret'], 'backendUrl' => self::normaliseUrl($row['backend_url']));
	}

	/** An http(s) URL without trailing slash, or '' when the stored value is not one. */
	public static function normaliseUrl($url) {
		$url = trim((string) $url);
		if ($url === '' || !preg_match('#^https?://[^\s/?\#]+#i', $url)) {
			return '';
		}
		return rtrim($url, '/');
	}
}
