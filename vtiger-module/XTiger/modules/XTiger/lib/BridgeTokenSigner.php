<?php
/**
 * Signs the short-lived tokens that let a logged-in Vtiger user call the XTiger backend.
 *
 *   v1.<base64url(JSON {uid, adm, lang, iat, exp})>.<base64url(HMAC-SHA256(secret, "v1." + payload))>
 *
 * The backend verifies exactly this (server/http/auth/bridgeToken.ts) and refuses tokens that live longer
 * than 600 s; ours live 300 s. Pure: the caller passes the secret, the user and the clock.
 */
class XTiger_BridgeTokenSigner {

	const VERSION = 'v1';
	const LIFETIME_SECONDS = 300;

	/**
	 * @return array {token: string, expiresAt: int (Unix seconds)}
	 */
	public static function sign($secret, $userId, $isAdmin, $language, $now, $lifetime = self::LIFETIME_SECONDS) {
		if (!is_string($secret) || $secret === '') {
			throw new InvalidArgumentException('XTiger bridge secret is empty: reinstall the XTiger module.');
		}
		$issuedAt = (int) $now;
		$payload = array(
			'uid' => (int) $userId,
			'adm' => (bool) $isAdmin,
			'lang' => (string) $language,
			'iat' => $issuedAt,
			'exp' => $issuedAt + (int) $lifetime,
		);
		$body = self::VERSION . '.' . self::base64Url(json_encode($payload, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE));
		$signature = self::base64Url(hash_hmac('sha256', $body, $secret, true));
		return array('token' => $body . '.' . $signature, 'expiresAt' => $payload['exp']);
	}

	/** RFC 4648 §5 base64url without padding, as Node's Buffer 'base64url'. */
	public static function base64Url($bytes) {
		return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
	}
}
