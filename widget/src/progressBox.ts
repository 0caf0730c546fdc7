import { el } from './dom.js';

/**
 * A small box at the bottom right that follows a run (Bootstrap's progress bar, as Vtiger's own pages use it):
 * Vtiger's showProgress is a spinner without a text that can change.
 */
export interface ProgressBox {
  update(text: string, percent: number | null): void;
  close(): void;
}

export function openProgressBox(title: string): ProgressBox {
  jQuery('#xtiger-progress').remove();
  const bar = el('div', { class: 'progress-bar progress-bar-striped active', role: 'progressbar', style: 'width:100%' });
  const text = el('div', { class: 'xtiger-progress-text', style: 'margin-bottom:6px' }, title);
  const box = el(
    'div',
    { id: 'xtiger-progress', role: 'status', style: 'position:fixed;right:20px;bottom:20px;z-index:2000;width:320px;background:#fff;border:1px solid #ccc;border-radius:4px;padding:12px;box-shadow:0 2px 8px rgba(0,0,0,.2)' },
    el('strong', {}, title),
    text,
    el('div', { class: 'progress', style: 'margin:0' }, bar),
  );
  jQuery('body').append(box);
  return {
    update(message, percent) {
      text.text(message);
      bar.css('width', percent === null ? '100%' : `${Math.max(5, percent)}%`);
    },
    close() {
      box.remove();
    },
  };
}
