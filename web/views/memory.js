// What this browser remembers for the page (state/remembered.js): one line saying what is stored
// (the model applied last, the mappings, the last table's name — never its data), the note shown
// after a reload restored the model ("open telco.csv again to score it"), and the visible
// "Forget everything stored here" button (IndexedDB and localStorage cleared).
import { h, replace } from '../lib/dom.js';
import { t, onLangChange } from '../i18n/index.js';

export function createMemoryView(root, app) {
  const ctl = app.controller;
  const mem = ctl.memory;
  let restored = null; // {model, table} after a reload restored them
  let forgotten = false;

  const render = () => {
    const d = mem.data;
    const maps = Object.keys(d.mappings ?? {}).length;
    const parts = [];
    if (restored && ctl.model && !ctl.results) {
      parts.push(h('p', { class: 'memory-restored', testid: 'memory-restored', role: 'status' },
        t('memory.restored', { model: restored.model }),
        ' ',
        restored.table ? t('memory.openAgain', { name: restored.table }) : t('memory.openTable')));
    }
    const what = [];
    if (d.model) what.push(t('memory.model', { name: d.model.name || '—' }));
    if (maps) what.push(t('memory.mappings', { n: maps }));
    if (d.lastTable) what.push(t('memory.table', { name: d.lastTable.name }));
    const line = what.length ? t('memory.stored', { what: what.join(t('memory.sep')) }) : forgotten ? t('memory.forgotten') : t('memory.nothing');
    parts.push(h('div', { class: 'memory-line' },
      h('span', { class: 'muted', testid: 'memory-note', dataset: { model: d.model?.name ?? '', table: d.lastTable?.name ?? '', mappings: String(maps) }, text: line }),
      h('button', { type: 'button', class: 'small danger-outline', testid: 'memory-forget', text: t('memory.forget'), title: t('memory.forgetHint'),
        onclick: async () => {
          await app.controller.track(mem.forgetAll());
          forgotten = true;
          restored = null;
          render();
        } })));
    replace(root, ...parts);
  };

  for (const ev of ['model', 'table', 'shown']) ctl.addEventListener(ev, () => { forgotten = false; queueMicrotask(render); });
  onLangChange(render);
  render();
  return {
    render,
    /** After a reload: the model restored, and the table to open again. */
    restoredFrom(data) {
      restored = { model: data.model?.name || '—', table: data.lastTable?.name ?? '' };
      render();
    },
  };
}
