/**
 * Building Vtiger-looking markup with jQuery, safely: every text (values from Xero or users included) becomes a text
 * node, never HTML. Attributes go through jQuery's attr(), which never parses markup either.
 */
export type Child = JQuery | string | number | null | undefined | false;

export function el(tag: string, attrs: Record<string, string | number | boolean | undefined> = {}, ...children: Child[]): JQuery {
  const node = jQuery(document.createElement(tag));
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    node.attr(name, value === true ? name : String(value));
  }
  return append(node, ...children);
}

export function append(node: JQuery, ...children: Child[]): JQuery {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return node;
}

/** A Vtiger Settings form row: label on the left, control on the right (Bootstrap 3 form-horizontal). */
export function formRow(label: string, control: JQuery, help?: string): JQuery {
  return el(
    'div',
    { class: 'form-group' },
    el('label', { class: 'col-sm-3 control-label fieldLabel' }, label),
    el('div', { class: 'col-sm-6' }, control, help ? el('p', { class: 'help-block' }, help) : null),
  );
}

export function select(name: string, options: ReadonlyArray<{ value: string; label: string }>, selected: string | readonly string[] | undefined, attrs: Record<string, string | boolean> = {}): JQuery {
  const chosen = new Set(typeof selected === 'string' ? [selected] : (selected ?? []));
  const node = el('select', { class: 'inputElement select2 form-control', name, ...attrs });
  for (const o of options) node.append(el('option', { value: o.value, selected: chosen.has(o.value) }, o.label));
  return node;
}

export function input(name: string, value: string | number | undefined, attrs: Record<string, string | number | boolean> = {}): JQuery {
  const node = el('input', { type: 'text', class: 'inputElement form-control', name, ...attrs });
  node.val(value === undefined ? '' : String(value));
  return node;
}

export function button(label: string, kind: 'primary' | 'success' | 'danger' | 'default', attrs: Record<string, string | boolean> = {}): JQuery {
  return el('button', { type: 'button', class: `btn btn-${kind}`, ...attrs }, label);
}

export function alertBox(kind: 'info' | 'warning' | 'danger' | 'success', ...children: Child[]): JQuery {
  return el('div', { class: `alert alert-${kind}`, role: kind === 'danger' ? 'alert' : 'status' }, ...children);
}
