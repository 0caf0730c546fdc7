/**
 * A page shaped like a real Vtiger 8.2 Contact detail view (../shared/vtiger/golden/ui-notes.md): body data
 * attributes, #page > .main-container > .detailViewContainer, the button bar, #recordId, _META, jQuery 2.2.4 and a
 * minimal `app` with the same request/translate semantics as layouts/v7/resources/application.js. The widget
 * bundle comes last, as the HEADERSCRIPT link puts it (before Vtiger's view classes exist).
 */
/** Everything a Vtiger 8.2 page has before its body: jQuery, _META, the `app` object, and our HEADERSCRIPT bundle. */
function vtigerPageHead(module: string, view: 'Detail' | 'List'): string {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${module}</title>
<style>body{font-family:sans-serif;margin:0} .detailViewButtoncontainer{padding:12px;border-bottom:1px solid #ddd}
.btn{padding:6px 12px;border:1px solid #ccc;background:#fafafa;border-radius:3px} .block{padding:12px} h4{margin:0 0 8px}</style>
<script src="/libraries/jquery/jquery.min.js"></script>
<script>
var _META = { module: ${JSON.stringify(module)}, view: ${JSON.stringify(view)}, parent: '', notifier: '', app: 'MARKETING' };
window.__notifications = [];
window.app = (function () {
  var languageString = [];
  function Request() {
    this.post = function (params) {
      var d = jQuery.Deferred();
      jQuery.ajax({ method: 'POST', url: 'index.php', data: params.data }).then(function (response) {
        if (typeof response == 'object' && !response.success && response.error && response.error.message) { d.resolve(response.error); return; }
        d.resolve(null, response && response.result !== undefined ? response.result : response);
      }, function (xhr, status, err) { d.resolve({ message: String(err) }); });
      return d.promise();
    };
  }
  function Event() {
    this.el = jQuery({});
    this.on = function () { this.el.on.apply(this.el, arguments); };
    this.trigger = function () { this.el.trigger(arguments[0], Array.prototype.slice.call(arguments, 1)); };
  }
  return {
    request: new Request(),
    event: new Event(),
    helper: {
      showAlertNotification: function (o) { window.__notifications.push(o.message); },
      showSuccessNotification: function (o) { window.__notifications.push(o.message); },
      showErrorNotification: function (o) { window.__notifications.push(o.message); }
    },
    languageString: languageString,
    getModuleName: function () { return _META.module; },
    getViewName: function () { return _META.view; },
    view: function () { return _META.view; },
    getRecordId: function () { return jQuery('#recordId').val(); },
    vtranslate: function (key) {
      var params = [].slice.call(arguments, 1), i = 0;
      var s = app.languageString[key] !== undefined ? app.languageString[key] : key;
      return s.replace(/%s/g, function () { return params[i++]; });
    }
  };
})();
</script>
<script src="/layouts/v7/modules/XTiger/resources/xtiger.js?v=8.2.0"></script>
</head>
`;
}

export function vtigerDetailPage(options: { module: string; recordId: number; language: string }): string {
  const { module, recordId, language } = options;
  return `${vtigerPageHead(module, 'Detail')}<body data-skinpath="layouts/v7/skins" data-language="${language}" data-user-dateformat="yyyy-mm-dd">
<div id="page"><div class="container-fluid main-container main-container-${module}"><div class="row">
  <div class="detailViewContainer viewContent clearfix"><div class="col-sm-12 col-xs-12 content-area">
    <div class="detailViewButtoncontainer"><div class="btn-group">
      <button class="btn" id="${module}_detailView_basicAction_LBL_EDIT">Edit</button>
      <button class="btn" id="${module}_detailView_basicAction_Sync_with_Xero" onclick='XTiger.syncRecord();'>Sync with Xero</button>
    </div></div>
    <input type="hidden" id="recordId" value="${recordId}"><input type="hidden" name="record_id" value="${recordId}">
    <div class="detailview-content container-fluid"><div class="details row"><form id="detailView">
      <div class="block block_LBL_CONTACT_INFORMATION" data-block="LBL_CONTACT_INFORMATION" data-blockid="4"><div><h4>Contact Details</h4></div><hr></div>
      <div class="block block_LBL_XERO_INFORMATION" data-block="LBL_XERO_INFORMATION" data-blockid="122"><div><h4>Xero Information</h4></div><hr></div>
    </form></div></div>
  </div></div>
</div></div></div>
</body></html>`;
}


/**
 * A Vtiger 8.2 list view (ui-notes.md): the mass-action menu with our "Sync to Xero" link (a `javascript:` link URL
 * becomes an onclick) and a row checkbox per record, whose value is the record id.
 */
export function vtigerListPage(options: { module: string; recordIds: number[]; language: string }): string {
  const { module, recordIds, language } = options;
  const rows = recordIds
    .map((id) => `<tr class="listViewEntries" data-id="${id}"><td><input type="checkbox" value="${id}" class="listViewEntriesCheckBox"></td><td>${id}</td></tr>`)
    .join('');
  return `${vtigerPageHead(module, 'List')}
<body data-skinpath="layouts/v7/skins" data-language="${language}" data-user-dateformat="yyyy-mm-dd">
<div id="page"><div class="container-fluid main-container main-container-${module}">
  <div id="listViewContent" class="listViewPageDiv content-area"><div class="col-sm-12">
    <div id="listview-actions" class="listview-actions-container"><div class="row"><div class="col-md-3">
      <div class="btn-group listViewActionsContainer"><div class="btn-group listViewMassActions">
        <button class="btn dropdown-toggle">More</button>
        <ul class="dropdown-menu"><li><a id="${module}_listView_massAction_Sync_to_Xero" href="javascript:void(0);" onclick='XTiger.massSync();;'>Sync to Xero</a></li></ul>
      </div></div>
    </div></div></div>
    <div id="table-content" class="table-container"><form id="listedit"><table id="listview-table" class="listview-table">
      <thead><tr><th><input type="checkbox" class="listViewEntriesMainCheckBox"></th><th data-columnname="lastname">Last Name</th></tr></thead>
      <tbody>${rows}</tbody>
    </table></form></div>
  </div></div>
</div></div>
</body></html>`;
}
