// "Link to this model": a link to this page whose fragment holds the model in force and the
// what-if changes (lib/link.js: compressed JSON), never the table. Copied to the clipboard when
// the browser allows it, and shown for copying by hand.
import { h } from '../lib/dom.js';
import { t, onLangChange } from '../i18n/index.js';
import { makeLink } from '../lib/link.js';

export function createShareView(root, app) {
  const ctl = app.controller;
  const button = h('button', { type: 'button', testid: 'share-link', onclick: () => share().catch((err) => app.showError(err)) });
  const out = h('input', { type: 'text', readonly: true, class: 'share-url', testid: 'share-url', hidden: true });
  const note = h('span', { class: 'muted share-note', testid: 'share-note', 'aria-live': 'polite' });
  root.append(h('div', { class: 'button-row share' }, button, note), out);

  async function share() {
    const url = await makeLink(location.href, ctl.model.text, ctl.whatIfState());
    out.value = url;
    out.hidden = false;
    out.select();
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch { /* no clipboard here (file://, permissions): the link is selected for copying */ }
    note.textContent = t(copied ? 'share.copied' : 'share.select');
  }

  function render() {
    button.textContent = t('share.button');
    button.title = t('share.help');
    button.disabled = !ctl.model;
    note.textContent = '';
  }
  ctl.addEventListener('model', () => { out.hidden = true; render(); });
  ctl.addEventListener('table', render);
  onLangChange(render);
  render();
}
