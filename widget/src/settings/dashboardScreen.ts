import { el } from '../dom.js';
import { formatTime, moduleLabel, SCREEN_MODULES, type Screen, type ScreenContext, type ScreenModule } from './screenContext.js';
import { settingsApi, type DashboardView } from './settingsApi.js';

/**
 * Settings → XTiger → Dashboard: runs over time per module (synced and failed, as plain CSS bars), the latest
 * failures linking to their records, the queue size and the next scheduled runs.
 */
export const dashboardScreen: Screen = async (ctx, body) => {
  draw(ctx, body, await settingsApi(ctx.client).dashboard());
};

function draw(ctx: ScreenContext, body: JQuery, view: DashboardView): void {
  body.empty().append(
    el(
      'div',
      { class: 'row', style: 'margin-bottom:15px' },
      tile(ctx.t('JS_XTIGER_QUEUE_SIZE'), view.queue.gaveUp > 0 ? ctx.t('JS_XTIGER_QUEUE_WITH_GAVE_UP', view.queue.waiting, view.queue.gaveUp) : String(view.queue.waiting), 'queue'),
      tile(ctx.t('JS_XTIGER_NEXT_SCHEDULED_RUN'), nextRun(ctx, view), 'next-run'),
    ),
    el('h5', {}, el('strong', {}, ctx.t('JS_XTIGER_RUNS_OVER_TIME'))),
    chart(ctx, view),
    el('h5', { style: 'margin-top:20px' }, el('strong', {}, ctx.t('JS_XTIGER_LATEST_FAILURES'))),
    failures(ctx, view),
  );
}

function tile(label: string, value: string, name: string): JQuery {
  // A count reads big; a sentence at text size.
  const size = /^\d/.test(value) && value.length < 40 ? '20px' : '14px';
  return el('div', { class: 'col-sm-4' }, el('div', { class: 'well well-sm', 'data-xtiger-tile': name }, el('div', { class: 'text-muted' }, label), el('div', { style: `font-size:${size}` }, value)));
}

function nextRun(ctx: ScreenContext, view: DashboardView): string {
  const next = view.schedule.modules.filter((r) => r.nextRunAt).sort((a, b) => String(a.nextRunAt).localeCompare(String(b.nextRunAt)))[0];
  if (!view.schedule.active) return ctx.t('JS_XTIGER_SCHEDULE_NOT_ACTIVE');
  return next ? `${formatTime(next.nextRunAt)} (${moduleLabel(ctx, next.module)})` : ctx.t('JS_XTIGER_NO_SCHEDULE');
}

/** One group of bars per day: each module's synced (green) and failed (red) stacked, scaled to the busiest day. */
function chart(ctx: ScreenContext, view: DashboardView): JQuery {
  if (view.runs.length === 0) return el('p', { class: 'text-muted', 'data-xtiger-chart': 'empty' }, ctx.t('JS_XTIGER_NO_RUNS'));
  const days = [...new Set(view.days.map((r) => r.date))].sort();
  const modules = [...new Set(view.days.map((r) => r.module))];
  const max = Math.max(1, ...view.days.map((r) => r.synced + r.failed));
  const HEIGHT = 140;
  const chartBox = el('div', { class: 'xtiger-chart', 'data-xtiger-chart': 'runs', style: `display:flex;align-items:flex-end;gap:14px;height:${HEIGHT + 24}px;border-bottom:1px solid #ccc;overflow-x:auto;padding:0 4px` });
  for (const day of days) {
    const group = el('div', { style: 'display:flex;flex-direction:column;align-items:center' });
    const bars = el('div', { style: `display:flex;align-items:flex-end;gap:2px;height:${HEIGHT}px` });
    for (const module of modules) {
      const r = view.days.find((x) => x.date === day && x.module === module);
      const synced = r?.synced ?? 0;
      const failed = r?.failed ?? 0;
      const bar = el('div', { title: `${moduleLabel(ctx, module)} ${day}: ${ctx.t('JS_XTIGER_SYNCED_COUNT', synced)}, ${ctx.t('JS_XTIGER_FAILED_COUNT', failed)}`, 'data-module': module, style: 'width:10px;display:flex;flex-direction:column-reverse' });
      bar.append(el('div', { style: `height:${Math.round((HEIGHT * synced) / max)}px;background:${colour(module)}` }), el('div', { style: `height:${Math.round((HEIGHT * failed) / max)}px;background:#c62828` }));
      bars.append(bar);
    }
    group.append(bars, el('div', { class: 'text-muted', style: 'font-size:11px;white-space:nowrap' }, day.slice(5)));
    chartBox.append(group);
  }
  const legend = el('div', { class: 'text-muted', style: 'margin-top:6px;font-size:12px' });
  for (const module of modules) legend.append(el('span', { style: 'margin-right:12px' }, el('span', { style: `display:inline-block;width:10px;height:10px;background:${colour(module)};margin-right:4px` }), moduleLabel(ctx, module)));
  legend.append(el('span', {}, el('span', { style: 'display:inline-block;width:10px;height:10px;background:#c62828;margin-right:4px' }), ctx.t('JS_XTIGER_FAILED_LEGEND')));
  return el('div', {}, chartBox, legend);
}

function isScreenModule(m: string): m is ScreenModule {
  return (SCREEN_MODULES as readonly string[]).includes(m);
}

const COLOURS: Record<string, string> = { Contacts: '#2e7d32', Accounts: '#1565c0', Products: '#6a1b9a', Services: '#00838f', Invoice: '#ef6c00' };
function colour(module: string): string {
  return COLOURS[module] ?? '#607d8b';
}

function failures(ctx: ScreenContext, view: DashboardView): JQuery {
  if (view.latestFailures.length === 0) return el('p', { class: 'text-muted', 'data-xtiger-failures': 'none' }, ctx.t('JS_XTIGER_NO_FAILURES'));
  const tbody = el('tbody');
  for (const f of view.latestFailures) {
    const label = f.recordLabel ?? (f.recordId ? `#${f.recordId}` : '—');
    const record = f.recordId ? el('a', { href: `index.php?module=${encodeURIComponent(f.module)}&view=Detail&record=${f.recordId}`, 'data-record-id': f.recordId }, label) : label;
    const status = f.status === 'Conflict' ? ctx.t('JS_XTIGER_STATUS_CONFLICT') : ctx.t('JS_XTIGER_STATUS_FAILED');
    tbody.append(el('tr', { 'data-log-id': f.logId }, el('td', {}, formatTime(f.at)), el('td', {}, isScreenModule(f.module) ? moduleLabel(ctx, f.module) : f.module), el('td', {}, record), el('td', {}, status), el('td', {}, f.message)));
  }
  return el(
    'table',
    { class: 'table table-bordered listview-table', 'data-xtiger-failures': 'list' },
    el('thead', {}, el('tr', {}, ...[ctx.t('JS_XTIGER_WHEN'), ctx.t('JS_XTIGER_MODULE'), ctx.t('JS_XTIGER_RECORD'), ctx.t('JS_XTIGER_STATE'), ctx.t('JS_XTIGER_REASON')].map((h) => el('th', {}, h)))),
    tbody,
  );
}
