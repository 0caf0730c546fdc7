<?php
// Regenerates what the install wizard writes from the database: tabdata.php, parent_tabdata.php, and the
// privilege files of every active user (without them module pages are an empty 500).
require_once __DIR__ . '/bootstrap.php';

create_tab_data_file();
create_parenttab_data_file();
$db = PearDatabase::getInstance();
$users = $db->pquery("SELECT id FROM vtiger_users WHERE status = 'Active' AND deleted = 0", array());
while ($row = $db->fetchByAssoc($users)) {
	createUserPrivilegesfile($row['id']);
	createUserSharingPrivilegesfile($row['id']);
	echo 'user ', $row['id'], "\n";
}
