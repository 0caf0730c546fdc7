import type { MappingRow } from '../../../server/http/contracts/fieldMapping.js';
import { alertBox, append, button, el, select } from '../dom.js';
import { fill, PATHS } from './paths.js';
import { modulePicker, SCREEN_MODULES, showProblem, type Screen, type ScreenContext, type ScreenModule } from './screenContext.js';
import { settingsApi, type FieldMappingView, type MappingRowInput, type TaxMapView } from './settingsApi.js';

/**
 * Settings → XTiger → Field Mapping: per module, the rows Vtiger field ⇄ Xero field with a direction (default and
 * auto-mapped rows marked), the backend's validation messages as the admin edits, reset to defaults, save; for
 * Invoices (whose fields XTiger fixes) the tax map: each Vtiger tax or group of taxes ↔ one Xero tax rate.
 */
export const fieldMappingScreen: Screen = async (ctx, body) => {
  const asked = ctx.query.get('mapModule') ?? '';
  await showModule(ctx, body, (SCREEN_MODULES as readonly string[]).includes(asked) ? (asked as ScreenModule) : 'Contacts');
};

async function showModule(ctx: ScreenContext, body: JQuery, module: ScreenModule): Promise<void> {
  const api = settingsApi(ctx.client);
  try {
    const [view, tax] = await Promise.all([api.fieldMapping(module), module === 'Invoice' ? api.taxMap() : Promise.resolve(null)]);
    draw(ctx, body, view, tax);
  } catch (error) {
    body.empty().append(modulePicker(ctx, SCREEN_MODULES, module, (m) => void showModule(ctx, body, m)));
    showProblem(el('div').appendTo(body), ctx.errorText(error));
  }
}

type Row = MappingRow & { changed?: boolean };
const DIRECTIONS = ['both', 'toXero', 'toVtiger'] as const;

function problemList(problems: ReadonlyArray<{ field: string; message: string }>): JQuery | null {
  if (problems.length === 0) return null;
  return alertBox('warning', el('ul', { style: 'margin:0;padding-left:18px' }, ...problems.map((p) => el('li', { 'data-field': p.field }, p.message)))).attr('data-xtiger-validation', 'true');
}

function draw(ctx: ScreenContext, body: JQuery, view: FieldMappingView, tax: TaxMapView | null): void {
  const rows: Row[] = view.rows.map((r) => ({ ...r }));
  const locked = !view.editable;
  const directionChoices = [
    { value: 'both', label: ctx.t('JS_XTIGER_DIRECTION_BOTH_SHORT') },
    { value: 'toXero', label: ctx.t('JS_XTIGER_DIRECTION_TO_XERO_SHORT') },
    { value: 'toVtiger', label: ctx.t('JS_XTIGER_DIRECTION_TO_VTIGER_SHORT') },
  ];
  const vtigerChoices = view.vtigerFields.map((f) => ({ value: f.name, label: f.isCustom ? `${f.label} (${ctx.t('JS_XTIGER_CUSTOM_FIELD')})` : f.label }));
  const xeroChoices = view.xeroFields.map((f) => ({ value: f.path, label: f.label }));
  const problems = el('div', { class: 'xtiger-problems' });
  append(problems, problemList(view.problems));
  let checkTimer: number | undefined;
  // Validation while editing: the backend's check answers the problems without saving.
  const check = (): void => {
    window.clearTimeout(checkTimer);
    checkTimer = window.setTimeout(() => {
      ctx.client.postJson<{ valid: boolean; problems: Array<{ field: string; message: string }> }>(`${fill(PATHS.fieldMapping, { module: view.module })}/check`, { fields: toInput(rows) }).then(
        (answer) => append(problems.empty(), problemList(answer.problems)),
        () => undefined,
      );
    }, 300);
  };
  const tbody = el('tbody');
  const drawRows = (): void => {
    tbody.empty();
    rows.forEach((row, i) => {
      const vt = select('vtigerField', vtigerChoices, row.vtigerField, { disabled: locked });
      const xe = select('xeroField', xeroChoices, row.xeroField, { disabled: locked });
      const dir = select('direction', directionChoices, row.direction, { disabled: locked });
      const changed = (): void => {
        row.changed = true;
        check();
      };
      vt.on('change', () => ((row.vtigerField = String(vt.val())), changed()));
      xe.on('change', () => ((row.xeroField = String(xe.val())), changed()));
      dir.on('change', () => ((row.direction = DIRECTIONS.find((d) => d === dir.val()) ?? 'both'), changed()));
      const remove = button('×', 'default', { title: ctx.t('JS_XTIGER_REMOVE_ROW'), 'data-action': 'remove-row', disabled: locked });
      remove.on('click', () => {
        rows.splice(i, 1);
        drawRows();
        check();
      });
      const origin = { default: ctx.t('JS_XTIGER_ORIGIN_DEFAULT'), auto: ctx.t('JS_XTIGER_ORIGIN_AUTO'), saved: ctx.t('JS_XTIGER_ORIGIN_CUSTOM') }[row.source];
      tbody.append(
        el(
          'tr',
          { 'data-row': i, 'data-xero-field': row.xeroField, 'data-vtiger-field': row.vtigerField, 'data-source': row.source },
          el('td', {}, vt),
          el('td', {}, dir),
          el('td', {}, xe),
          el('td', {}, el('span', { class: `label label-${row.source === 'saved' ? 'primary' : row.source === 'auto' ? 'info' : 'default'}` }, origin)),
          el('td', {}, remove),
        ),
      );
    });
  };
  drawRows();
  const add = button(ctx.t('JS_XTIGER_ADD_ROW'), 'default', { 'data-action': 'add-row' });
  add.on('click', () => {
    rows.push({ vtigerField: vtigerChoices[0]?.value ?? '', xeroField: xeroChoices[0]?.value ?? '', direction: 'both', source: 'saved', vtigerLabel: '', xeroLabel: '', changed: true });
    drawRows();
    check();
  });
  const errors = el('div', { class: 'xtiger-errors' });
  const save = button(ctx.t('JS_XTIGER_SAVE'), 'success', { 'data-action': 'save-mapping' });
  save.on('click', () => {
    errors.empty();
    save.prop('disabled', true);
    settingsApi(ctx.client)
      .saveFieldMapping(view.module, toInput(rows))
      .then(
        (saved) => {
          ctx.notifySuccess(ctx.t('JS_XTIGER_SAVED'));
          draw(ctx, body, saved, tax);
        },
        (error: unknown) => {
          save.prop('disabled', false);
          errors.append(alertBox('danger', ctx.errorText(error)).attr('data-xtiger-validation', 'true'));
        },
      );
  });
  const reset = button(ctx.t('JS_XTIGER_RESET_DEFAULTS'), 'default', { 'data-action': 'reset-mapping' });
  reset.on('click', () => {
    void (async () => {
      if (!(await ctx.confirm(ctx.t('JS_XTIGER_RESET_CONFIRM')))) return;
      try {
        draw(ctx, body, await settingsApi(ctx.client).resetFieldMapping(view.module), tax);
        ctx.notifySuccess(ctx.t('JS_XTIGER_RESET_DONE'));
      } catch (error) {
        ctx.notifyError(ctx.errorText(error));
      }
    })();
  });
  append(
    body.empty(),
    modulePicker(ctx, SCREEN_MODULES, view.module, (m) => void showModule(ctx, body, m)),
    locked ? alertBox('info', ctx.t('JS_XTIGER_MAPPING_FIXED')) : null,
    problems,
    el(
      'table',
      { class: 'table table-bordered listview-table xtiger-mapping', 'data-module': view.module },
      el('thead', {}, el('tr', {}, ...[ctx.t('JS_XTIGER_VTIGER_FIELD'), ctx.t('JS_XTIGER_DIRECTION'), ctx.t('JS_XTIGER_XERO_FIELD'), ctx.t('JS_XTIGER_ORIGIN'), ''].map((h) => el('th', {}, h)))),
      tbody,
    ),
    locked ? null : el('div', { class: 'btn-toolbar', style: 'margin-bottom:15px' }, add, reset),
    errors,
    locked ? null : save,
    tax ? taxMap(ctx, tax) : null,
  );
}

/** The rows as saved: a transform stays with its row only while the admin has not changed that row. */
function toInput(rows: Row[]): MappingRowInput[] {
  return rows.map((r) => {
    const input: MappingRowInput = { vtigerField: r.vtigerField, xeroField: r.xeroField, direction: r.direction };
    if (r.transform && !r.changed) input.transform = r.transform;
    return input;
  });
}

function taxMap(ctx: ScreenContext, tax: TaxMapView): JQuery {
  const chosen = new Map(tax.combinations.map((c) => [c.key, c.mapped]));
  const rates = tax.xeroTaxRates.filter((r) => r.active);
  const tbody = el('tbody');
  for (const c of tax.combinations) {
    const resolved = tax.xeroTaxRates.find((r) => r.taxType === c.resolved);
    const byRate = resolved ? ctx.t('JS_XTIGER_TAX_BY_RATE_NOW', resolved.name) : ctx.t('JS_XTIGER_TAX_BY_RATE');
    const s = select('xeroTaxType', [{ value: '', label: byRate }, ...rates.map((r) => ({ value: r.taxType, label: `${r.name} (${r.effectiveRate} %)` }))], c.mapped ?? '');
    s.on('change', () => chosen.set(c.key, String(s.val()) || null));
    const label = c.taxes.map((t) => `${t.label} ${t.percent} %`).join(' + ') + (c.kind === 'shipping' ? ` (${ctx.t('JS_XTIGER_SHIPPING')})` : '');
    tbody.append(
      el(
        'tr',
        { 'data-tax-key': c.key, class: c.problem ? 'warning' : undefined },
        el('td', {}, label),
        el('td', {}, `${c.percent} %`),
        el('td', {}, String(c.usedOnInvoiceLines)),
        el('td', {}, s, c.problem ? el('p', { class: 'help-block text-danger' }, c.problem) : null),
      ),
    );
  }
  const errors = el('div', { class: 'xtiger-errors' });
  const save = button(ctx.t('JS_XTIGER_SAVE_TAX_MAP'), 'success', { 'data-action': 'save-tax-map' });
  save.on('click', () => {
    errors.empty();
    const taxMap: Record<string, string> = {};
    const shippingTaxMap: Record<string, string> = {};
    for (const c of tax.combinations) {
      const v = chosen.get(c.key);
      if (v) (c.kind === 'shipping' ? shippingTaxMap : taxMap)[c.key] = v;
    }
    settingsApi(ctx.client)
      .saveTaxMap({ taxMap, shippingTaxMap })
      .then(
        () => ctx.notifySuccess(ctx.t('JS_XTIGER_SAVED')),
        (error: unknown) => errors.append(alertBox('danger', ctx.errorText(error)).attr('data-xtiger-validation', 'true')),
      );
  });
  return el(
    'div',
    { class: 'xtiger-tax-map', style: 'margin-top:25px' },
    el('h5', {}, el('strong', {}, ctx.t('JS_XTIGER_TAX_MAP'))),
    el('p', { class: 'text-muted' }, ctx.t('JS_XTIGER_TAX_MAP_HELP')),
    tax.xeroError ? alertBox('warning', tax.xeroError.message) : null,
    tax.rules.length ? el('ul', { class: 'text-muted' }, ...tax.rules.map((r) => el('li', {}, r))) : null,
    el(
      'table',
      { class: 'table table-bordered listview-table' },
      el('thead', {}, el('tr', {}, ...[ctx.t('JS_XTIGER_VTIGER_TAX'), ctx.t('JS_XTIGER_RATE'), ctx.t('JS_XTIGER_USED_ON_LINES'), ctx.t('JS_XTIGER_XERO_TAX_RATE')].map((h) => el('th', {}, h)))),
      tbody,
    ),
    errors,
    save,
  );
}
