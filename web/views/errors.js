// The error banner: every engine error as a readable message in the UI language (by its code;
// the engine's English words when the UI has no text for it), naming its row, column or JSON
// path, with the model's problems listed; dismissable; the page stays usable.
import { h, replace } from '../lib/dom.js';
import { t, onLangChange, errorText, problemMessage } from '../i18n/index.js';
import { fmtBytes } from '../lib/format.js';

export function createErrorBanner(root) {
  let current = null;
  function show(err, context = {}) {
    current = { err, context };
    render();
  }
  function clear() {
    current = null;
    root.hidden = true;
    replace(root);
  }
  function render() {
    if (!current) return;
    const { err, context } = current;
    const oom = err.name === 'KenkoOutOfMemory';
    const kind = context.previous ? 'error.previous' : context.history ? 'error.history' : err.name === 'KenkoModelError' ? 'error.model' : err.name === 'KenkoTableError' || oom ? 'error.table' : err.name === 'WorkerError' ? 'error.worker' : 'error.generic';
    // Out of memory: what it means and what to do, in the UI's language (not "std::bad_alloc").
    const message = oom ? t('error.outOfMemory', { size: context.size != null ? fmtBytes(context.size) : '?' }) : errorText(err);
    root.hidden = false;
    root.dataset.errorName = err.name;
    replace(root,
      h('div', { class: 'banner-text' },
        h('strong', { text: t(kind) }),
        h('span', { class: 'banner-message', testid: 'error-message', text: ` ${message}` }),
        err.problems?.length > 1 ? h('ul', null, err.problems.map((p) => h('li', null, h('code', { text: p.path }), ` ${problemMessage(p)}`))) : null,
        h('p', { class: 'banner-hint', text: context.hint ? t(context.hint) : context.kept === false ? '' : t('error.kept') })),
      h('button', { type: 'button', class: 'icon-button', testid: 'error-dismiss', 'aria-label': t('error.dismiss'), text: '×', onclick: clear }));
  }
  onLangChange(render);
  return { show, clear };
}
