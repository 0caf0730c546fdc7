/** The consent and error pages of the sandbox's login host, as plain HTML forms (no scripts). */
const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const page = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;color:#1e3145}h1{font-size:1.4rem}
.scopes li{margin:.2rem 0}.org{display:block;margin:.4rem 0}button{font-size:1rem;padding:.5rem 1.4rem;margin-right:.6rem}
.allow{background:#13b5ea;color:#fff;border:0}.error{color:#b00020}</style></head><body>${body}</body></html>`;

export function consentPage(input: { requestId: string; appName: string; scopes: string[]; organisations: { tenantId: string; name: string }[] }): string {
  const orgs = input.organisations
    .map((o, i) => `<label class="org"><input type="checkbox" name="tenant" value="${esc(o.tenantId)}"${i === 0 ? ' checked' : ''}> ${esc(o.name)}</label>`)
    .join('');
  const scopes = input.scopes.map((s) => `<li><code>${esc(s)}</code></li>`).join('');
  return page(
    `${input.appName} wants to connect to Xero`,
    `<h1><strong>${esc(input.appName)}</strong> wants access to your Xero organisation</h1>
<p>This app is asking for:</p><ul class="scopes">${scopes}</ul>
<form method="post" action="/identity/connect/authorize">
<input type="hidden" name="request" value="${esc(input.requestId)}">
<fieldset><legend>Organisations to connect</legend>${orgs}</fieldset>
<p><button class="allow" type="submit" name="decision" value="allow">Allow access</button>
<button type="submit" name="decision" value="deny">Cancel</button></p></form>`,
  );
}

export function errorPage(message: string): string {
  return page('Xero sandbox: authorisation error', `<h1>Sorry, something went wrong</h1><p class="error">${esc(message)}</p>`);
}
