<?php
/**
 * `xtiger_bridge`: the secret that signs bridge tokens and the backend's URL. Same DDL as the backend's migration
 * server/db/migrations/0002_bridge.ts; whichever side runs first creates it, INSERT IGNORE keeps the first secret.
 * Kept on disable (tokens simply stop being asked for). Dropped on uninstall unless the backend's migration
 * recorded it (xtiger_migrations 0002_bridge): then the backend owns it and it stays.
 */
class XTiger_BridgeTable {

	public static function add() {
		$db = PearDatabase::getInstance();
		$db->pquery("CREATE TABLE IF NOT EXISTS xtiger_bridge (
			id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
			secret VARCHAR(128) NOT NULL,
			backend_url VARCHAR(255) NOT NULL DEFAULT '',
			created_at DATETIME NOT NULL
		) ENGINE=InnoDB DEFAULT CHARSET=utf8", array());
		$db->pquery(
			"INSERT IGNORE INTO xtiger_bridge (id, secret, backend_url, created_at) VALUES (1, ?, '', UTC_TIMESTAMP())",
			array(bin2hex(random_bytes(32)))
		);
	}

	public static function remove() {
		$db = PearDatabase::getInstance();
		if (Vtiger_Utils::CheckTable('xtiger_migrations')) {
			$owned = $db->pquery("SELECT 1 FROM xtiger_migrations WHERE name = '0002_bridge'", array());
			if ($db->num_rows($owned) > 0) {
				return;
			}
		}
		$db->pquery('DROP TABLE IF EXISTS xtiger_bridge', array());
	}
}
