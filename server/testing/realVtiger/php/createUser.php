<?php
// Creates a Vtiger user with Vtiger's own Users save (it encrypts the password, maps the role and writes the
// user's privilege files), as Settings → Users → Add User does. Argument: JSON {userName, password, isAdmin,
// language, roleId, email}. Prints the new user's id.
require_once __DIR__ . '/bootstrap.php';

$input = json_decode($argv[1], true);
$current_user = Users::getActiveAdminUser();
vglobal('current_user', $current_user);

// Vtiger keeps a user's language only when it is an installed language (else it saves the default). Vtiger 8.2
// ships no Japanese pack: register ja_jp as a Japanese language pack's import would, without its files, so Vtiger's
// own texts fall back to English while XTiger's modules answer in Japanese.
if (!array_key_exists($input['language'], Vtiger_Language::getAll())) {
	$labels = array('ja_jp' => array('Japanese', '日本語'));
	$label = isset($labels[$input['language']]) ? $labels[$input['language']] : array($input['language'], $input['language']);
	Vtiger_Language::register($input['language'], $label[0], $label[1], false, true, false);
}

$user = CRMEntity::getInstance('Users');
$fields = array(
	'user_name' => $input['userName'],
	'first_name' => $input['userName'],
	'last_name' => 'Tester',
	'email1' => $input['email'],
	'user_password' => $input['password'],
	'confirm_password' => $input['password'],
	'is_admin' => $input['isAdmin'] ? 'on' : 'off',
	'roleid' => $input['roleId'],
	'status' => 'Active',
	'language' => $input['language'],
	'currency_id' => 1,
	'date_format' => 'yyyy-mm-dd',
	'hour_format' => '24',
	'time_zone' => 'UTC',
	'start_hour' => '09:00',
	'end_hour' => '',
	'activity_view' => 'Today',
	'lead_view' => 'Today',
	'callduration' => '5',
	'othereventduration' => '5',
	'defaulteventstatus' => 'Planned',
	'defaultactivitytype' => 'Call',
	'default_record_view' => 'Summary',
	'rowheight' => 'medium',
	'theme' => 'softed',
	'currency_decimal_separator' => '.',
	'currency_grouping_separator' => ',',
	'currency_symbol_placement' => '$1.0',
	'currency_grouping_pattern' => '123,456,789',
	'no_of_currency_decimals' => '2',
	'truncate_trailing_zeros' => '0',
	'dayoftheweek' => 'Monday',
);
foreach ($fields as $name => $value) $user->column_fields[$name] = $value;
$user->save('Users');
echo $user->id;
