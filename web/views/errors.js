// The error banner: every engine error as a readable message (its row, column or JSON path is
// in the engine's words), with the model's problems listed; dismissable; the page stays usable.
import { h, replace } from '../lib/dom.js';
import { t, onLangChange } from '../i18n/index.js';

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
    const kind = context.previous ? 'error.previous' : context.history ? 'error.history' : err.name === 'KenkoModelError' ? 'error.model' : err.name === 'KenkoTableError' ? 'error.table' : err.name === 'WorkerError' ? 'error.worker' : 'error.generic';
    root.hidden = false;
    root.dataset.errorName = err.name;
    replace(root,
      h('div', { class: 'banner-text' },
        h('strong', { text: t(kind) }),
        h('span', { class: 'banner-message', testid: 'error-message', text: ` ${err.message}` }),
        err.problems?.length > 1 ? h('ul', null, err.problems.map((p) => h('li', null, h('code', { text: p.path }), ` ${p.message}`))) : null,
        h('p', { class: 'banner-hint', text: context.hint ? t(context.hint) : context.kept === false ? '' : t('error.kept') })),
      h('button', { type: 'button', class: 'icon-button', testid: 'error-dismiss', 'aria-label': t('error.dismiss'), text: '×', onclick: clear }));
  }
  onLangChange(render);
  return { show, clear };
}
