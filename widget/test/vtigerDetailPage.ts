/**
 * A page shaped like a real Vtiger 8.2 Contact detail view (../shared/vtiger/golden/ui-notes.md): body data
 * attributes, #page > .main-container > .detailViewContainer, the button bar, #recordId, _META, jQuery 2.2.4 and a
 * minimal `app` with the same request/translate semantics as layouts/v7/resources/application.js. The widget
 * bundle comes last, as the HEADERSCRIPT link puts it (before Vtiger's view classes exist).
 */
export function vtigerDetailPage(options: { module: string; recordId: number; language: string }): string {
  const { module, recordId, language } = options;
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${module}</title>
<style>body{font-family:sans-serif;margin:0} .detailViewButtoncontainer{padding:12px;border-bottom:1px solid #ddd}
.btn{padding:6px 12px;border:1px solid #ccc;background:#fafafa;border-radius:3px} .block{padding:12px} h4{margin:0 0 8px}</style>
<script src="/libraries/jquery/jquery.min.js"></script>
<script>
var _META = { module: ${JSON.stringify(module)}, view: 'Detail', parent: '', notifier: '', app: 'MARKETING' };
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
<body data-skinpath="layouts/v7/skins" data-language="${language}" data-user-dateformat="yyyy-mm-dd">
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
